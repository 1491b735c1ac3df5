/**
 * @perkrank/privacy — the member's control over their data: privacy settings (public profile,
 * discoverable, scoring consent — ScoringConsent is the one place consent is read), the export
 * of every personal datum and the erasure of the account. Export and erasure are coordinated
 * here and contributed by each context through @PersonalData() providers (the contract lives in
 * @perkrank/core), so this context imports no context but identity, and contexts that need
 * consent may import it without a cycle.
 */
export * from './privacy.module';
export * from './privacy.exception';
export * from './consent/scoring-consent.service';
export * from './settings/privacy-settings.repository';
export * from './personal-data/personal-data.service';
