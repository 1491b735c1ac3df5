import { Injectable } from '@nestjs/common';
import { INTERACTION_KIND_NAMES } from '@perkrank/scoring';
import type { EntityManager } from 'typeorm';
import { SocialAccountRepository } from '../accounts/social-account.repository';
import { InteractionRepository } from '../interactions/interaction.repository';
import { Pseudonymizer } from '../interactions/pseudonym';

export interface ErasureOutcome {
  accounts: number;
  interactions: number;
}

/**
 * Erasure of a member from the social context, for `DELETE /v1/me`: every interaction their
 * accounts gave or received (found by the keyed hashes of their native ids, computed before the
 * accounts go), then the accounts themselves with their daily counts (FK cascade), and their name
 * as the admin who verified other accounts. Interactions are found by a scan of the window's
 * partitions (no index on the keys keeps ingestion fast); erasure is rare and this is seconds.
 */
@Injectable()
export class SocialErasure {
  constructor(
    private readonly accounts: SocialAccountRepository,
    private readonly interactions: InteractionRepository,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  /** The keyed hashes that stand for the member's accounts in the interaction store. */
  async partyKeys(userId: string, manager: EntityManager): Promise<bigint[]> {
    const ids = await this.accounts.nativeIdsOf(userId, manager);
    return ids.map((a) => this.pseudonyms.actorBigInt(a.network, a.nativeId));
  }

  async eraseMember(userId: string, manager: EntityManager): Promise<ErasureOutcome> {
    const keys = await this.partyKeys(userId, manager);
    const interactions = await this.interactions.deleteByParties(keys, manager);
    const [, accounts] = await manager.query<[unknown, number]>(
      'DELETE FROM social_accounts WHERE user_id = $1',
      [userId],
    );
    await manager.query('UPDATE social_accounts SET verified_by = NULL WHERE verified_by = $1', [userId]);
    return { accounts, interactions };
  }

  /** What the interaction store holds about the member, for their export. */
  async exportMember(userId: string, manager: EntityManager): Promise<Record<string, unknown>> {
    const keys = await this.partyKeys(userId, manager);
    const own = new Set(keys.map(String));
    const rows = await this.interactions.listByParties(keys, manager);
    return {
      interactions: rows.map((r) => ({
        occurredAt: r.occurredAt,
        kind: INTERACTION_KIND_NAMES[r.kind] ?? String(r.kind),
        direction: own.has(r.actorKey) ? (own.has(r.targetKey) ? 'own' : 'given') : 'received',
      })),
      socialAccountStats: await this.accounts.statsOf(userId, manager),
    };
  }
}
