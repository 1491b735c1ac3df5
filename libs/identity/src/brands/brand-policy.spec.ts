import fc from 'fast-check';
import { BRAND_PERMISSIONS, BRAND_POLICY, BRAND_ROLES, type BrandRole, can, rolesFor } from './brand-policy';

const role = fc.constantFrom(...BRAND_ROLES);
const permission = fc.constantFrom(...BRAND_PERMISSIONS);
const RANK: Record<BrandRole, number> = { owner: 0, manager: 1, staff: 2 };

describe('brand-role policy', () => {
  it('gives every permission to the owner', () => {
    fc.assert(fc.property(permission, (p) => can('owner', p)));
  });

  it('never lets staff manage anything: staff only view and redeem', () => {
    fc.assert(
      fc.property(permission, (p) => {
        if (p.endsWith('.manage') || p === 'brand.transfer') return !can('staff', p);
        return true;
      }),
    );
    const staff = BRAND_PERMISSIONS.filter((p) => can('staff', p));
    expect(staff.sort()).toEqual(['brand.view', 'campaigns.view', 'redemptions.redeem']);
  });

  it('is monotone: a higher role holds every permission of a lower one', () => {
    fc.assert(
      fc.property(role, role, permission, (a, b, p) => {
        if (RANK[a] <= RANK[b] && can(b, p)) return can(a, p);
        return true;
      }),
    );
  });

  it('keeps brand transfer for the owner alone', () => {
    expect(rolesFor('brand.transfer')).toEqual(['owner']);
  });

  it('agrees between can and rolesFor, with only known roles', () => {
    fc.assert(fc.property(role, permission, (r, p) => can(r, p) === rolesFor(p).includes(r)));
    for (const roles of Object.values(BRAND_POLICY)) for (const r of roles) expect(BRAND_ROLES).toContain(r);
  });
});
