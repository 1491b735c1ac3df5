/**
 * Facts identity publishes (DomainEvents, in the transaction that makes them true) so that other
 * contexts can tell people: @perkrank/notifications turns each into a mail. The token is the one
 * the member must bring back; it is valid until `expiresAt` and only once.
 */
export const EMAIL_VERIFICATION_REQUESTED = 'identity.email_verification_requested';
export const PASSWORD_RESET_REQUESTED = 'identity.password_reset_requested';

export interface EmailTokenIssuedPayload extends Record<string, unknown> {
  userId: string;
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * The contract of a brand-team invitation (issue #11 item 15: adding a member becomes an invitation
 * the invitee accepts). Publish it from the brand service in the transaction that stores the
 * invitation; @perkrank/notifications mails `email` (registered or not) a link to
 * `PUBLIC_URL/invitations?token=…` (or `PUBLIC_URL/invitations` when no token is given).
 */
export const BRAND_INVITATION_CREATED = 'identity.brand_invitation_created';

export interface BrandInvitationCreatedPayload extends Record<string, unknown> {
  invitationId: string;
  brandId: string;
  /** Where the invitation goes; the invitee may not have an account yet. */
  email: string;
  role: 'owner' | 'manager' | 'staff';
  /** The brand member who invited them. */
  invitedById: string;
  /** A secret the invitee presents to accept, when the design uses one (omit for in-app acceptance only). */
  token?: string;
  /** ISO 8601, when the invitation lapses (optional). */
  expiresAt?: string;
}
