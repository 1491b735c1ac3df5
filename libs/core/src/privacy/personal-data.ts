import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The contract every bounded context signs for the member's rights of access and erasure
 * (`GET /v1/me/export`, `DELETE /v1/me`). It lives in
 * core, like @Processor, so any context can contribute without importing the privacy context,
 * and identity never has to import the contexts built on top of it. @perkrank/privacy discovers
 * every provider marked @PersonalData() and drives them.
 */
export const PERSONAL_DATA = 'perkrank:personal-data';

export interface PersonalDataOptions {
  /** The contributing context (`identity`, `social`, `scores`…), for logs and errors. */
  name: string;
  /**
   * Erasers run in ascending order inside one transaction (default 0). Identity deletes the
   * `users` row and runs last (1000), so every other context still sees the person while it
   * erases its own rows.
   */
  eraseOrder?: number;
}

/** Strings that point at the person and may be copied into shared records (the audit log). */
export interface PersonalIdentifiers {
  /** UUIDs of rows that stand for the person (their user id, their social accounts…). */
  ids: string[];
  /** Unique strings that name them (email, network handles, network-native ids). */
  terms: string[];
  /**
   * Names that are not unique (the display name): removed only from records already linked to
   * the person, so that erasing "Mia" cannot wipe every other record that mentions a Mia.
   */
  names: string[];
}

export interface PersonalDataContributor {
  /**
   * Everything this context holds about the person, as plain JSON. The sections of all
   * contributors are merged into one document, so keys must be unique across contexts. `known`
   * holds the identifiers every context reported (for records that name the person indirectly).
   */
  export(userId: string, known: PersonalIdentifiers): Promise<Record<string, unknown>>;

  /** What names the person in this context; collected before any eraser runs. */
  identifiers?(userId: string, manager: EntityManager): Promise<Partial<PersonalIdentifiers>>;

  /**
   * Refuses the erasure (throw a domain exception) while it would leave this context broken,
   * e.g. a brand that would lose its only owner. Runs for every contributor before any eraser.
   */
  assertErasable?(userId: string, manager: EntityManager): Promise<void>;

  /**
   * Deletes or unlinks every row of this context that refers to the person, in the caller's
   * transaction: afterwards nothing this context stores may lead back to them. `known` holds
   * the identifiers every context reported, for rows that only copy them (caches, logs).
   */
  erase(userId: string, manager: EntityManager, known: PersonalIdentifiers): Promise<void>;
}

/** Marks a provider as its context's PersonalDataContributor. */
export const PersonalData = (options: PersonalDataOptions): ClassDecorator =>
  SetMetadata(PERSONAL_DATA, options);

/**
 * Published (DomainEvents, in the withdrawing transaction) when a member withdraws scoring
 * consent: every context drops what exists only because they had consented (their scores) and
 * the withdrawal commits with it, or not at all.
 */
export const SCORING_CONSENT_WITHDRAWN = 'privacy.scoring_consent_withdrawn';
export interface ScoringConsentWithdrawnPayload extends Record<string, unknown> {
  userId: string;
}
