import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ApiKey } from './api-key.entity';

@Injectable()
export class ApiKeyRepository {
  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  async insert(key: ApiKey): Promise<void> {
    await this.keys.insert(key);
  }

  findActiveByPrefix(prefix: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({ prefix, revokedAt: IsNull() });
  }

  listForBrand(brandId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { brandId }, order: { createdAt: 'DESC' } });
  }

  /** Revokes a live key of this brand; false when there is none. */
  async revoke(brandId: string, id: string, now: Date): Promise<boolean> {
    const result = await this.keys.update({ id, brandId, revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  async touch(id: string, now: Date): Promise<void> {
    // Once a minute is enough for "last used": avoids a write on every hotel-system call.
    await this.keys
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: now })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at < :stale)', {
        id,
        stale: new Date(now.getTime() - 60_000),
      })
      .execute();
  }
}
