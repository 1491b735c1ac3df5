import { Injectable } from '@nestjs/common';
import { Clock, uuidv7 } from '@perkrank/core';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyCaller, AuthUser } from '../auth/auth-user';
import { BrandAccess } from '../brands/brand-access.service';
import { IdentityException } from '../identity.exception';
import { ApiKey } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';

const KEY_PREFIX = 'prk_';
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function view(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly access: BrandAccess,
    private readonly clock: Clock,
  ) {}

  /** Creates a key; the returned `key` is the only time it is ever shown. */
  async create(
    caller: AuthUser,
    brandId: string,
    name: string | undefined,
  ): Promise<ApiKeyView & { key: string }> {
    await this.access.require(caller, brandId, 'apiKeys.manage');
    const lookup = randomBytes(9).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const prefix = `${KEY_PREFIX}${lookup}`;
    const key = `${prefix}.${secret}`;
    const row: ApiKey = Object.assign(new ApiKey(), {
      id: uuidv7(),
      brandId,
      name: name?.trim() || 'API key',
      prefix,
      keyHash: sha256(key),
      createdBy: caller.id,
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.keys.insert(row);
    return { ...view(row), key };
  }

  async list(caller: AuthUser, brandId: string): Promise<ApiKeyView[]> {
    await this.access.require(caller, brandId, 'apiKeys.manage');
    return (await this.keys.listForBrand(brandId)).map(view);
  }

  async revoke(caller: AuthUser, brandId: string, keyId: string): Promise<void> {
    await this.access.require(caller, brandId, 'apiKeys.manage');
    if (!(await this.keys.revoke(brandId, keyId, this.clock.now()))) {
      throw new IdentityException('api_key_not_found', 'No live API key with this id belongs to this brand.');
    }
  }

  /** Resolves an `X-Api-Key` header to its brand, or throws 401 invalid_api_key. */
  async authenticate(presented: string): Promise<ApiKeyCaller> {
    const dot = presented.indexOf('.');
    const prefix = dot > 0 ? presented.slice(0, dot) : '';
    const row =
      prefix.startsWith(KEY_PREFIX) && prefix.length <= 32
        ? await this.keys.findActiveByPrefix(prefix)
        : null;
    const expected = Buffer.from(row?.keyHash ?? sha256('no-such-key'), 'hex');
    const actual = Buffer.from(sha256(presented), 'hex');
    if (!row || !timingSafeEqual(expected, actual)) {
      throw new IdentityException('invalid_api_key', 'The API key is not valid or has been revoked.');
    }
    await this.keys.touch(row.id, this.clock.now());
    return { id: row.id, brandId: row.brandId, name: row.name };
  }
}
