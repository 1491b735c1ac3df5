import { Injectable } from '@nestjs/common';
import { AppException, Clock, uuidv7 } from '@perkrank/core';
import type { AuthUser } from '../auth/auth-user';
import { IdentityException } from '../identity.exception';
import { Brand, BrandRole } from './brand.entity';
import { BrandAccess } from './brand-access.service';
import { BrandRepository, BrandWithRole, MemberRow } from './brand.repository';
import type { CreateBrandDto } from './brand.dto';

export interface BrandView {
  id: string;
  name: string;
  website: string | null;
  country: string;
  role: BrandRole;
  createdAt: Date;
}

const view = (brand: Brand, role: BrandRole): BrandView => ({
  id: brand.id,
  name: brand.name,
  website: brand.website,
  country: brand.country,
  role,
  createdAt: brand.createdAt,
});

@Injectable()
export class BrandService {
  constructor(
    private readonly brands: BrandRepository,
    private readonly access: BrandAccess,
    private readonly clock: Clock,
  ) {}

  async create(caller: AuthUser, input: CreateBrandDto): Promise<BrandView> {
    const brand: Brand = Object.assign(new Brand(), {
      id: uuidv7(),
      name: input.name,
      website: input.website ?? null,
      country: input.country,
      createdBy: caller.id,
      createdAt: this.clock.now(),
    });
    await this.brands.createWithOwner(brand, caller.id);
    return view(brand, 'owner');
  }

  async listMine(caller: AuthUser): Promise<BrandView[]> {
    return (await this.brands.brandsOf(caller.id)).map((b: BrandWithRole) => view(b, b.role));
  }

  async get(caller: AuthUser, brandId: string): Promise<BrandView> {
    const role = await this.access.require(caller, brandId, 'brand.view');
    const brand = await this.brands.findById(brandId);
    if (!brand) throw new IdentityException('brand_not_found', 'No brand with this id was found.');
    return view(brand, role);
  }

  async members(caller: AuthUser, brandId: string): Promise<MemberRow[]> {
    await this.access.require(caller, brandId, 'brand.view');
    return this.brands.members(brandId);
  }

  /**
   * The owner hands the brand to another member and stays on as a manager. This is also how an
   * owner clears the way to erasing their own account (DELETE /v1/me answers 409 while a brand
   * with other members would be left without an owner).
   */
  async transferOwnership(caller: AuthUser, brandId: string, userId: string): Promise<MemberRow[]> {
    await this.access.require(caller, brandId, 'brand.transfer');
    if (userId === caller.id)
      throw new IdentityException('already_in_state', 'You already own this brand.', { param: 'userId' });
    if (!(await this.brands.transferOwnership(brandId, caller.id, userId)))
      throw new IdentityException('member_not_found', 'This person is not a member of the brand.', {
        param: 'userId',
      });
    return this.brands.members(brandId);
  }

  async removeMember(caller: AuthUser, brandId: string, userId: string): Promise<void> {
    const callerRole = await this.access.require(caller, brandId, 'team.manage');
    const targetRole = await this.brands.roleOf(brandId, userId);
    if (!targetRole)
      throw new IdentityException('member_not_found', 'This person is not a member of the brand.');
    if (targetRole === 'owner')
      throw new IdentityException('owner_cannot_be_removed', 'The owner cannot be removed from the brand.');
    if (callerRole === 'manager' && targetRole !== 'staff' && userId !== caller.id) throw ownerOnly();
    await this.brands.removeMember(brandId, userId);
  }
}

function ownerOnly(): AppException {
  return AppException.forbidden('Only the brand owner can add or remove managers.');
}
