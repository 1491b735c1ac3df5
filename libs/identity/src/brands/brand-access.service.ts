import { Injectable } from '@nestjs/common';
import { AppException } from '@perkrank/core';
import type { AuthUser } from '../auth/auth-user';
import { IdentityException } from '../identity.exception';
import { type BrandPermission, type BrandRole, can, rolesFor } from './brand-policy';
import { BrandRepository } from './brand.repository';

/**
 * The one check every brand-scoped service makes, against the brand-role policy (brand-policy.ts): a non-member gets 404 (the brand's existence is
 * not revealed), a member whose role is not enough gets 403.
 */
@Injectable()
export class BrandAccess {
  constructor(private readonly brands: BrandRepository) {}

  async require(caller: AuthUser, brandId: string, permission: BrandPermission): Promise<BrandRole> {
    const role = await this.brands.roleOf(brandId, caller.id);
    if (!role) throw new IdentityException('brand_not_found', 'No brand with this id was found.');
    if (!can(role, permission))
      throw AppException.forbidden(`This needs one of the brand roles: ${rolesFor(permission).join(', ')}.`);
    return role;
  }
}
