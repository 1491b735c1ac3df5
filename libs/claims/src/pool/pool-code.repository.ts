import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CampaignStock } from '@perkrank/campaigns';
import { DataSource } from 'typeorm';

/** Brand pool codes and the campaign's count of them. */
@Injectable()
export class PoolCodeRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stock: CampaignStock,
  ) {}

  /**
   * Adds the codes the brand does not have yet and adds as many to the campaign's pool size (CampaignStock), in
   * one transaction. The unique index decides what is new, also against a concurrent upload.
   */
  async add(
    campaignId: string,
    brandId: string,
    codes: readonly string[],
    now: Date,
  ): Promise<{ added: number; poolSize: number }> {
    return this.db.transaction(async (manager) => {
      const inserted: Array<{ code: string }> = await manager.query(
        `INSERT INTO pool_codes (campaign_id, brand_id, code, pick, created_at)
         SELECT $1, $2, code, floor(random() * 2147483647)::int, $3 FROM unnest($4::text[]) AS code
         ON CONFLICT (brand_id, code) DO NOTHING
         RETURNING code`,
        [campaignId, brandId, now, codes],
      );
      const poolSize = await this.stock.addPoolCodes(manager, campaignId, inserted.length);
      return { added: inserted.length, poolSize };
    });
  }
}
