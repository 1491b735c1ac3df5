import { Injectable, Logger } from '@nestjs/common';
import { AppException, Clock, Page, keyAt, toPage } from '@perkrank/core';
import { AuditLog } from '../audit/audit-log.service';
import type { AuthUser } from '../auth/auth-user';
import type { UserView } from '../auth/auth.dto';
import { AuthService, userView } from '../auth/auth.service';
import { SessionRepository } from '../auth/session.repository';
import { IdentityException } from '../identity.exception';
import { Role, User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';

export interface AdminUserView extends UserView {
  suspendedReason: string | null;
  suspendedAt: Date | null;
}

const adminView = (u: User): AdminUserView => ({
  ...userView(u),
  suspendedReason: u.suspendedReason,
  suspendedAt: u.suspendedAt,
});
const snapshot = (u: User): Record<string, unknown> => ({
  status: u.status,
  roles: u.roles,
  suspendedReason: u.suspendedReason,
});

/** Admin work on accounts: suspension, roles, lookup. Every change is audited in its transaction. */
@Injectable()
export class AdminUsersService {
  private readonly logger = new Logger('AdminUsers');

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(limit: number, cursor: string | undefined, email?: string): Promise<Page<AdminUserView>> {
    const rows = await this.users.list(limit, cursor, email);
    return toPage(rows, limit, keyAt('createdAt'), adminView);
  }

  async get(id: string): Promise<AdminUserView> {
    return adminView(await this.load(id));
  }

  async suspend(admin: AuthUser, id: string, reason: string): Promise<AdminUserView> {
    if (admin.id === id)
      throw new IdentityException('cannot_change_own_account', 'You cannot suspend yourself.');
    const before = await this.load(id);
    if (before.status === 'suspended')
      throw new IdentityException('already_in_state', 'This account is already suspended.');
    const now = this.clock.now();
    await this.sessions.transaction(async (manager) => {
      await this.users.setStatus(id, 'suspended', reason, now, manager);
      await this.sessions.revokeAllForUser(id, 'suspended', now, manager);
      await this.audit.record(
        {
          actorId: admin.id,
          action: 'user.suspend',
          subjectType: 'user',
          subjectId: id,
          before: snapshot(before),
          after: { ...snapshot(before), status: 'suspended', suspendedReason: reason },
          reason,
        },
        manager,
      );
    });
    return this.get(id);
  }

  async unsuspend(admin: AuthUser, id: string): Promise<AdminUserView> {
    const before = await this.load(id);
    if (before.status === 'active')
      throw new IdentityException('already_in_state', 'This account is not suspended.');
    await this.sessions.transaction(async (manager) => {
      await this.users.setStatus(id, 'active', null, null, manager);
      await this.audit.record(
        {
          actorId: admin.id,
          action: 'user.unsuspend',
          subjectType: 'user',
          subjectId: id,
          before: snapshot(before),
          after: { ...snapshot(before), status: 'active', suspendedReason: null },
        },
        manager,
      );
    });
    return this.get(id);
  }

  async grantRole(admin: AuthUser | null, id: string, role: Role): Promise<AdminUserView> {
    const before = await this.load(id);
    if (before.roles.includes(role))
      throw new IdentityException('already_in_state', `This account already has the ${role} role.`);
    await this.sessions.transaction(async (manager) => {
      await this.users.addRole(id, role, manager);
      await this.audit.record(
        {
          actorId: admin?.id ?? null,
          action: 'user.grant_role',
          subjectType: 'user',
          subjectId: id,
          before: snapshot(before),
          after: { ...snapshot(before), roles: [...before.roles, role] },
        },
        manager,
      );
    });
    return this.get(id);
  }

  async revokeRole(admin: AuthUser, id: string, role: Role): Promise<AdminUserView> {
    if (admin.id === id && role === 'admin')
      throw new IdentityException('cannot_change_own_account', 'You cannot remove your own admin role.');
    const before = await this.load(id);
    if (!before.roles.includes(role))
      throw new IdentityException('already_in_state', `This account does not have the ${role} role.`);
    await this.sessions.transaction(async (manager) => {
      await this.users.removeRole(id, role, manager);
      await this.audit.record(
        {
          actorId: admin.id,
          action: 'user.revoke_role',
          subjectType: 'user',
          subjectId: id,
          before: snapshot(before),
          after: { ...snapshot(before), roles: before.roles.filter((r) => r !== role) },
        },
        manager,
      );
    });
    return this.get(id);
  }

  /**
   * Makes sure an admin with this email exists (CLI `admin:create`, ADMIN_EMAIL at first start):
   * creates the account, or grants admin to an existing one. Returns what happened.
   */
  async ensureAdmin(
    email: string,
    password: string,
    displayName = 'Administrator',
  ): Promise<'created' | 'granted' | 'exists'> {
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.roles.includes('admin')) return 'exists';
      await this.grantRole(null, existing.id, 'admin');
      return 'granted';
    }
    let user: User;
    try {
      user = await this.auth.createAccount({
        email,
        password,
        displayName,
        roles: ['admin'],
        dateOfBirth: null,
        termsAccepted: true,
      });
    } catch (error) {
      // Several API processes starting together: another one created the account just now.
      if (error instanceof AppException && error.code === 'email_taken') {
        const created = await this.users.findByEmail(email);
        if (created?.roles.includes('admin')) return 'exists';
      }
      throw error;
    }
    await this.audit.record({
      actorId: null,
      action: 'user.create_admin',
      subjectType: 'user',
      subjectId: user.id,
      after: snapshot(user),
    });
    this.logger.log({ userId: user.id }, 'admin account created');
    return 'created';
  }

  private async load(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new IdentityException('user_not_found', 'No user with this id was found.');
    return user;
  }
}
