import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The writes other contexts make to a campaign's counters, in their own transaction (the
 * `manager` they pass): claims give units back and count pool codes, payments move the funding.
 * Each is one conditional UPDATE; the one write that stays in another context's SQL is the claim's
 * decrement (docs/architecture.md "The claim: one statement on one hot row").
 */
@Injectable()
export class CampaignStock {
  /** Gives units back to campaigns' stock (cancelled, expired, revoked or erased claims). */
  async release(
    manager: EntityManager,
    units: ReadonlyArray<{ campaignId: string; units: number }>,
  ): Promise<void> {
    const given = units.filter((u) => u.units > 0);
    if (given.length === 0) return;
    if (given.length === 1) {
      await manager.query(
        `UPDATE campaigns SET inventory_remaining = inventory_remaining + $2 WHERE id = $1`,
        [given[0].campaignId, given[0].units],
      );
      return;
    }
    await manager.query(
      `UPDATE campaigns k SET inventory_remaining = k.inventory_remaining + n.units
         FROM unnest($1::uuid[], $2::int[]) AS n(campaign_id, units)
        WHERE k.id = n.campaign_id`,
      [given.map((u) => u.campaignId), given.map((u) => u.units)],
    );
  }

  /** Adds `added` codes to the campaign's pool count; the new pool size (0 without such a campaign). */
  async addPoolCodes(manager: EntityManager, campaignId: string, added: number): Promise<number> {
    const [rows]: [Array<{ poolSize: number }>, number] = await manager.query(
      `UPDATE campaigns SET code_pool_size = code_pool_size + $2 WHERE id = $1
       RETURNING code_pool_size AS "poolSize"`,
      [campaignId, added],
    );
    return rows[0]?.poolSize ?? 0;
  }
}

/** A campaign's funding state, moved by payments (the checkout, its webhooks, refunds). */
@Injectable()
export class CampaignFunding {
  /**
   * Funded, with the units paid for, only from the states given and only while the stock is
   * exactly those units: a campaign whose stock changed after the checkout is never funded by it.
   */
  async fund(manager: EntityManager, campaignId: string, units: number, from: string[]): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(
      `UPDATE campaigns SET funding_status = 'funded', funded_units = $2
        WHERE id = $1 AND funding_status = ANY($3::text[]) AND inventory_total = $2`,
      [campaignId, units, from],
    );
    return result[1] > 0;
  }

  /** Moves campaign funding only from the states given: a conditional update, never read-then-write. */
  async set(manager: EntityManager, campaignId: string, to: string, from: string[]): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(
      `UPDATE campaigns SET funding_status = $2 WHERE id = $1 AND funding_status = ANY($3::text[])`,
      [campaignId, to, from],
    );
    return result[1] > 0;
  }
}
