/**
 * @perkrank/identity — who is calling and what they may do: users and credentials, sessions and
 * refresh-token rotation, roles, brands with their teams (owner, manager, staff), brand API keys,
 * admin account work (suspension, roles) and the append-only audit log.
 */
export * from './identity.module';
export * from './identity.exception';
export * from './auth/auth-user';
export * from './auth/auth.decorators';
export * from './auth/session-read';
export * from './auth/auth.service';
export * from './auth/email-events';
export * from './auth/verified-email';
export * from './admin/admin-users.service';
export * from './api-keys/api-key.service';
export * from './audit/audit-log.service';
export * from './audit/audit-entry.entity';
export * from './brands/brand-access.service';
export * from './brands/brand-policy';
export * from './brands/brand.service';
export * from './brands/brand-invitation.service';
export * from './brands/brand.entity';
export * from './users/user.entity';
export * from './users/user.repository';
export * from './users/user-privacy-columns';
export * from './users/generated-members';
export * from './users/age';
export { REDACTED_REASON } from './privacy/identity-personal-data.repository';
export { hashPassword } from './auth/password';
export * from './read-models/identity-views';
