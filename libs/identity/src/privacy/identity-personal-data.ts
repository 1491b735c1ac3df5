import { Injectable } from '@nestjs/common';
import { PersonalData, PersonalDataContributor, PersonalIdentifiers } from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { loginAccountKey } from '../auth/auth.service';
import { IdentityException } from '../identity.exception';
import { IdentityPersonalDataRepository } from './identity-personal-data.repository';

/**
 * Identity's part of export and erasure: the account, profile, privacy settings, sessions,
 * brand memberships, API keys they created and the audit entries about them.
 *
 * Brands on erasure — a brand is the business's, not the person's, so it outlives them when it
 * can: a brand whose only member is the person is deleted with them (nobody is left to run it;
 * its API keys cascade); a brand they own together with other members but no other owner makes
 * the erasure answer 409 `brand_ownership_transfer_required` until they hand it over
 * (`POST /v1/brands/:id/owner`) or remove the other members, since deleting it would destroy
 * other people's work and keeping it ownerless would leave it unmanageable. In every other case
 * only their membership goes, and the brand forgets who created it and its API keys.
 */
@Injectable()
@PersonalData({ name: 'identity', eraseOrder: 1000 })
export class IdentityPersonalData implements PersonalDataContributor {
  constructor(
    private readonly repo: IdentityPersonalDataRepository,
    private readonly audit: AuditLog,
  ) {}

  async export(userId: string, known: PersonalIdentifiers): Promise<Record<string, unknown>> {
    const [account, sessions, brands, apiKeysCreated, audit] = await Promise.all([
      this.repo.account(userId),
      this.repo.sessions(userId),
      this.repo.memberships(userId),
      this.repo.apiKeysCreated(userId),
      this.audit.entriesAbout(known.ids),
    ]);
    if (!account) return {};
    const { topics, country, city, publicProfile, discoverable, scoringConsent, ...rest } = account;
    return {
      account: rest,
      profile: { topics, country, city },
      privacy: { publicProfile, discoverable, scoringConsent },
      sessions,
      brands,
      apiKeysCreated,
      // Who else acted is other people's data: say only whether it was them, someone else or the system.
      auditLog: audit.map((e) => ({
        id: e.id,
        action: e.action,
        actor: e.actorId === null ? 'system' : e.actorId === userId ? 'you' : 'another user',
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        before: e.before,
        after: e.after,
        reason: e.reason,
        createdAt: e.createdAt,
      })),
    };
  }

  async identifiers(userId: string, manager: EntityManager): Promise<Partial<PersonalIdentifiers>> {
    const account = await this.repo.account(userId, manager);
    if (!account) return { ids: [userId] };
    return { ids: [userId], terms: [account.email], names: [account.displayName] };
  }

  async assertErasable(userId: string, manager: EntityManager): Promise<void> {
    const stranded = (await this.repo.lockOwnedBrands(userId, manager)).filter(
      (b) => b.others > 0 && b.otherOwners === 0,
    );
    if (stranded.length > 0)
      throw new IdentityException(
        'brand_ownership_transfer_required',
        'You own a brand that has other members: make one of them its owner (POST /v1/brands/{brandId}/owner) or remove them before deleting your account.',
        { details: { brands: stranded.map((b) => ({ id: b.id, name: b.name })) } },
      );
  }

  async erase(userId: string, manager: EntityManager, known: PersonalIdentifiers): Promise<void> {
    const account = await this.repo.account(userId, manager);
    const mentions = [...known.ids, ...known.terms].filter((term) => term.length > 0);
    await this.repo.erase(userId, loginAccountKey(account?.email ?? ''), mentions, manager);
    await this.audit.redactPerson(known, manager);
  }
}
