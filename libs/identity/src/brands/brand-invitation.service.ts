import { Injectable } from '@nestjs/common';
import { AppException, Clock, DomainEvents } from '@perkrank/core';
import { BRAND_INVITATION_CREATED, type BrandInvitationCreatedPayload } from '../auth/email-events';
import type { AuthUser } from '../auth/auth-user';
import { IdentityException } from '../identity.exception';
import { normaliseEmail, UserRepository } from '../users/user.repository';
import { BrandAccess } from './brand-access.service';
import { BrandRepository } from './brand.repository';
import type { AddMemberDto } from './brand.dto';
import { BrandInvitationRepository, type InvitationRow } from './brand-invitation.repository';

/** How long an invitation can be accepted (GitHub's organisation invitations last 7 days). */
export const INVITATION_DAYS = 7;

export interface InvitationView {
  id: string;
  brand: { id: string; name: string };
  email: string;
  role: 'manager' | 'staff';
  status: InvitationRow['status'];
  createdAt: Date;
  expiresAt: Date;
  respondedAt: Date | null;
}

const view = (row: InvitationRow): InvitationView => ({
  id: row.id,
  brand: { id: row.brandId, name: row.brandName },
  email: row.email,
  role: row.role,
  status: row.status,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  respondedAt: row.respondedAt,
});

const notFound = (): IdentityException =>
  new IdentityException('invitation_not_found', 'No open invitation with this id was found for you.');

/**
 * Brand teams grow by invitation only: an owner or manager invites an email, and the person
 * behind it (once they have an account with that email) accepts or declines. Inviting answers the
 * same whether or not the email has an account, so it tells the brand nothing about who uses
 * PerkRank; nobody joins a team, or gains the `brand` role, without saying yes.
 */
@Injectable()
export class BrandInvitationService {
  constructor(
    private readonly invitations: BrandInvitationRepository,
    private readonly brands: BrandRepository,
    private readonly users: UserRepository,
    private readonly access: BrandAccess,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async invite(caller: AuthUser, brandId: string, input: AddMemberDto): Promise<InvitationView> {
    const callerRole = await this.access.require(caller, brandId, 'team.manage');
    if (input.role === 'manager' && callerRole !== 'owner')
      throw AppException.forbidden('Only the brand owner can add or remove managers.');
    const email = normaliseEmail(input.email);
    // The team's own members are visible to its managers anyway: saying so reveals nothing new.
    const members = await this.brands.members(brandId);
    if (members.some((m) => m.email === email))
      throw new IdentityException('already_member', 'This person is already a member of the brand.', {
        param: 'email',
      });
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    // The invitation and its mail (through the event) commit together.
    return this.invitations.transaction(async (manager) => {
      const row = await this.invitations.upsertPending(
        { brandId, email, role: input.role, invitedBy: caller.id },
        now,
        expiresAt,
        manager,
      );
      const payload: BrandInvitationCreatedPayload = {
        invitationId: row.id,
        brandId,
        email,
        role: row.role,
        invitedById: caller.id,
        expiresAt: row.expiresAt.toISOString(),
      };
      await this.events.publish({ type: BRAND_INVITATION_CREATED, payload }, manager);
      return view(row);
    });
  }

  async pendingOfBrand(caller: AuthUser, brandId: string): Promise<InvitationView[]> {
    await this.access.require(caller, brandId, 'team.manage');
    return (await this.invitations.pendingOfBrand(brandId, this.clock.now())).map(view);
  }

  async revoke(caller: AuthUser, brandId: string, id: string): Promise<void> {
    await this.access.require(caller, brandId, 'team.manage');
    if (!(await this.invitations.revoke(brandId, id, this.clock.now())))
      throw new IdentityException('invitation_not_found', 'No open invitation with this id was found.');
  }

  async mine(caller: AuthUser): Promise<InvitationView[]> {
    return (await this.invitations.pendingFor(normaliseEmail(caller.email), this.clock.now())).map(view);
  }

  /** Joins the team: the invitation, the membership and the `brand` role in one transaction. */
  async accept(caller: AuthUser, id: string): Promise<InvitationView> {
    const now = this.clock.now();
    return this.invitations.transaction(async (manager) => {
      const row = await this.invitations.respond(id, normaliseEmail(caller.email), 'accepted', now, manager);
      if (!row) throw notFound();
      const added = await this.brands.addMember(
        { brandId: row.brandId, userId: caller.id, role: row.role, invitedBy: row.invitedBy },
        manager,
      );
      if (!added) throw new IdentityException('already_member', 'You are already a member of this brand.');
      await this.users.addRole(caller.id, 'brand', manager);
      return view(row);
    });
  }

  async decline(caller: AuthUser, id: string): Promise<InvitationView> {
    const now = this.clock.now();
    const row = await this.invitations.transaction((manager) =>
      this.invitations.respond(id, normaliseEmail(caller.email), 'declined', now, manager),
    );
    if (!row) throw notFound();
    return view(row);
  }
}
