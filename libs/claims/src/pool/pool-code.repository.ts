import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Brand pool codes and the campaign's count of them. */
@Injectable()
export class PoolCodeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Adds the codes the brand does not have yet and bumps `campaigns.code_pool_size` by as many, in
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
      const [rows]: [Array<{ poolSize: number }>, number] = await manager.query(
        `UPDATE campaigns SET code_pool_size = code_pool_size + $2 WHERE id = $1
         RETURNING code_pool_size AS "poolSize"`,
        [campaignId, inserted.length],
      );
      return { added: inserted.length, poolSize: rows[0]?.poolSize ?? 0 };
    });
  }
}
