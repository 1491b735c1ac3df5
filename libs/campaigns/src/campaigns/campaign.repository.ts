import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, type CursorPosition } from '@perkrank/core';
import { DataSource, EntityManager, type UpdateQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { CampaignState, FundingStatus } from '../rules';
import { Campaign } from './campaign.entity';

/** Runs a conditional UPDATE: true when it changed a row (false: the guard no longer held). */
async function changedAny(query: UpdateQueryBuilder<Campaign>): Promise<boolean> {
  const result = await query.execute();
  return (result.affected ?? 0) > 0;
}

/** Columns a brand may change while the campaign is editable (everything else is lifecycle). */
export type CampaignContent = Partial<
  Pick<
    Campaign,
    | 'title'
    | 'description'
    | 'perkType'
    | 'perkTerms'
    | 'perkValueMinor'
    | 'perkCurrency'
    | 'minScore'
    | 'topics'
    | 'networks'
    | 'countries'
    | 'cities'
    | 'cityKeys'
    | 'inventoryTotal'
    | 'inventoryRemaining'
    | 'inventoryPerUser'
    | 'codesMode'
    | 'startsAt'
    | 'endsAt'
    | 'claimTtlHours'
    | 'locationVenueName'
    | 'locationCity'
    | 'locationCityKey'
    | 'locationCountry'
    | 'locationAddress'
    | 'disclosureRequired'
  >
>;

/** What a status change writes besides the status itself. */
export type TransitionChanges = Partial<
  Pick<Campaign, 'moderationFlags' | 'moderationNotes' | 'moderationReason' | 'submittedAt' | 'approvedAt'>
>;

export interface TransitionGuard {
  from: CampaignState;
  /** Also require this version: the caller checked the campaign's content at this version. */
  version?: number;
}

const EDITABLE: readonly CampaignState[] = ['draft', 'changes_requested'];

@Injectable()
export class CampaignRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(campaign: Campaign): Promise<void> {
    await this.db.getRepository(Campaign).insert(campaign);
  }

  findById(id: string): Promise<Campaign | null> {
    return this.db.getRepository(Campaign).findOneBy({ id });
  }

  /** The campaign with its brand's id, name and creation time (moderation needs the brand's age). */
  findWithBrand(id: string): Promise<Campaign | null> {
    return this.db
      .getRepository(Campaign)
      .createQueryBuilder('c')
      .innerJoinAndSelect('c.brand', 'b')
      .where('c.id = :id', { id })
      .getOne();
  }

  /** A brand's campaigns, newest first; `limit + 1` rows so the caller knows whether more exist. */
  listForBrand(
    brandId: string,
    limit: number,
    after: CursorPosition | undefined,
    status: CampaignState | undefined,
  ): Promise<Campaign[]> {
    const query = this.db
      .getRepository(Campaign)
      .createQueryBuilder('c')
      .where('c.brandId = :brandId', { brandId });
    if (status) query.andWhere('c.status = :status', { status });
    return keysetPage(query, 'createdAt', limit, after).getMany();
  }

  /** Campaigns in one state, longest waiting first (the moderation queue), with their brands. */
  listByStatus(status: CampaignState, limit: number, after: CursorPosition | undefined): Promise<Campaign[]> {
    const query = this.db
      .getRepository(Campaign)
      .createQueryBuilder('c')
      .innerJoinAndSelect('c.brand', 'b')
      .where('c.status = :status', { status });
    return keysetPage(query, 'statusChangedAt', limit, after, 'ASC').getMany();
  }

  /**
   * Writes content changes only while the campaign is still editable and unchanged since the
   * caller read `guard.version` (its cross-field checks ran on that version) and, when given, still
   * in `guard.fundingStatus` (payments move funding without bumping the version). False when any moved.
   */
  updateContent(
    id: string,
    guard: { version: number; fundingStatus?: FundingStatus },
    changes: CampaignContent & Partial<Pick<Campaign, 'fundingStatus'>>,
    now: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    const query = this.versionedUpdate(changes, now, manager).where(
      'id = :id AND version = :version AND status IN (:...editable)',
      { id, version: guard.version, editable: EDITABLE },
    );
    if (guard.fundingStatus) query.andWhere('funding_status = :funding', { funding: guard.fundingStatus });
    return changedAny(query);
  }

  /**
   * One conditional UPDATE: moves the campaign from `guard.from` to `to` only if it is still in
   * `guard.from` (and at `guard.version`), so two racing moves cannot both succeed.
   */
  transition(
    id: string,
    guard: TransitionGuard,
    to: CampaignState,
    changes: TransitionChanges,
    now: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    const query = this.versionedUpdate({ ...changes, status: to, statusChangedAt: now }, now, manager).where(
      'id = :id AND status = :from',
      { id, from: guard.from },
    );
    if (guard.version !== undefined) query.andWhere('version = :version', { version: guard.version });
    return changedAny(query);
  }

  /** An UPDATE that, as every content or state write does, stamps updatedAt and bumps the version. */
  private versionedUpdate(
    changes: QueryDeepPartialEntity<Campaign>,
    now: Date,
    manager: EntityManager | undefined,
  ): UpdateQueryBuilder<Campaign> {
    return (manager ?? this.db.manager)
      .createQueryBuilder()
      .update(Campaign)
      .set({ ...changes, updatedAt: now, version: () => 'version + 1' });
  }

  /** Ends every campaign in `from` whose window closed by `now`, in one statement; returns their ids. */
  async endExpired(
    from: readonly CampaignState[],
    to: CampaignState,
    now: Date,
    manager?: EntityManager,
  ): Promise<Array<{ id: string; brandId: string }>> {
    if (from.length === 0) return [];
    const [rows] = await (manager ?? this.db.manager).query<[Array<{ id: string; brandId: string }>, number]>(
      `UPDATE campaigns
          SET status = $1, status_changed_at = $2, updated_at = $2, version = version + 1
        WHERE status = ANY($3::varchar[]) AND ends_at <= $2
      RETURNING id, brand_id AS "brandId"`,
      [to, now, from],
    );
    return rows;
  }
}
