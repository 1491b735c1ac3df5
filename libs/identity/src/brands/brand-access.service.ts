import { Injectable } from '@nestjs/common';
import { AppException } from '@perkrank/core';
import type { AuthUser } from '../auth/auth-user';
import { IdentityException } from '../identity.exception';
import { BrandRole } from './brand.entity';
import { BrandRepository } from './brand.repository';

/**
 * The one check every brand-scoped service makes: a non-member gets 404 (the brand's existence is
 * not revealed), a member whose role is not enough gets 403.
 */
@Injectable()
export class BrandAccess {
  constructor(private readonly brands: BrandRepository) {}

  async require(caller: AuthUser, brandId: string, allowed: readonly BrandRole[]): Promise<BrandRole> {
    const role = await this.brands.roleOf(brandId, caller.id);
    if (!role) throw new IdentityException('brand_not_found', 'No brand with this id was found.');
    if (!allowed.includes(role))
      throw AppException.forbidden(`This needs one of the brand roles: ${allowed.join(', ')}.`);
    return role;
  }
}
