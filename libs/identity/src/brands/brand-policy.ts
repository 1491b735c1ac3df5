/**
 * The one brand-role policy: which brand roles may do what. Services and guards name a permission,
 * never a list of roles, so changing who may do something is a one-line change here.
 * Pure: no framework imports, so rules and tests can use it directly.
 */
export const BRAND_ROLES = ['owner', 'manager', 'staff'] as const;
export type BrandRole = (typeof BRAND_ROLES)[number];

export const BRAND_POLICY = {
  /** See the brand, its team and its campaigns. */
  'brand.view': ['owner', 'manager', 'staff'],
  /** Hand the brand to another member. */
  'brand.transfer': ['owner'],
  /** Invite, list invitations, revoke, remove members (a manager only touches staff). */
  'team.manage': ['owner', 'manager'],
  /** Create, list and revoke the brand's API keys. */
  'apiKeys.manage': ['owner', 'manager'],
  /** Read the brand's campaigns. */
  'campaigns.view': ['owner', 'manager', 'staff'],
  /** Create, edit, submit, pause, resume and end campaigns. */
  'campaigns.manage': ['owner', 'manager'],
  /** A campaign's claims and its pool of codes. */
  'claims.manage': ['owner', 'manager'],
  /** The front desk: look up and redeem a code. */
  'redemptions.redeem': ['owner', 'manager', 'staff'],
  /** The brand's payments ledger and paying for a campaign. */
  'payments.manage': ['owner', 'manager'],
  /** The brand's webhook endpoints: create, rotate secrets, read deliveries, redeliver. */
  'webhooks.manage': ['owner', 'manager'],
} as const satisfies Record<string, readonly BrandRole[]>;

export type BrandPermission = keyof typeof BRAND_POLICY;
export const BRAND_PERMISSIONS = Object.keys(BRAND_POLICY) as BrandPermission[];

/** The roles that hold a permission. */
export function rolesFor(permission: BrandPermission): readonly BrandRole[] {
  return BRAND_POLICY[permission];
}

/** Whether a brand role holds a permission. */
export function can(role: BrandRole, permission: BrandPermission): boolean {
  return (BRAND_POLICY[permission] as readonly BrandRole[]).includes(role);
}
