import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, AppException, Clock, DomainEvents, RateLimiter, uuidv7 } from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { IdentityException } from '../identity.exception';
import { isAdult, parseCalendarDate } from '../users/age';
import { Role, User } from '../users/user.entity';
import { type MeRow, normaliseEmail, UserRepository } from '../users/user.repository';
import type { AuthUser } from './auth-user';
import type { LoginDto, MeResponse, RegisterDto, UpdateProfileDto, UserView } from './auth.dto';
import {
  EMAIL_VERIFICATION_REQUESTED,
  type EmailTokenIssuedPayload,
  PASSWORD_RESET_REQUESTED,
} from './email-events';
import { EmailTokenRepository } from './email-token.repository';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { SessionRepository } from './session.repository';
import { TokenPair, TokenService } from './token.service';

export function userView(
  user: Pick<User, 'id' | 'email' | 'displayName' | 'roles' | 'status' | 'createdAt'>,
): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    status: user.status,
    createdAt: user.createdAt,
  };
}

/** The failed-login counter of one account: it names the email, so erasure deletes it. */
export const loginAccountKey = (email: string): string => `login:acct:${normaliseEmail(email)}`;

/** The attempts of one account from one client address (erased with the account's counter). */
export const loginClientKey = (email: string, ip: string): string => `${loginAccountKey(email)}:ip:${ip}`;
/** How long the link of a verification mail works. */
export const EMAIL_VERIFICATION_TTL_MS = 7 * 86_400_000;
/** How long the link of a password-reset mail works. */
export const PASSWORD_RESET_TTL_MS = 30 * 60_000;
/** Reset mails per account and hour at most; more requests still answer 202 but send nothing. */
const RESET_MAILS_PER_HOUR = 5;

/** 400 invalid_token: the mailed token is unknown, already used or expired. */
export function invalidEmailToken(): IdentityException {
  return new IdentityException(
    'invalid_token',
    'This link is invalid, has expired or was already used. Ask for a new one.',
    { param: 'token' },
  );
}

export interface NewAccount {
  email: string;
  password: string;
  displayName: string;
  roles: Role[];
  dateOfBirth: string | null;
  scoringConsent?: boolean;
  termsAccepted?: boolean;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly emailTokens: EmailTokenRepository,
    private readonly sessions: SessionRepository,
    private readonly events: DomainEvents,
  ) {}

  async register(input: RegisterDto): Promise<{ user: UserView } & TokenPair> {
    const dob = parseCalendarDate(input.dateOfBirth);
    if (!dob || new Date(input.dateOfBirth).getTime() > this.clock.now().getTime()) {
      throw new AppException('invalid', 'validation_failed', 'The request is invalid: check dateOfBirth.', {
        param: 'dateOfBirth',
        details: { fields: { dateOfBirth: ['dateOfBirth must be a real date in the past'] } },
      });
    }
    if (!isAdult(input.dateOfBirth, this.clock.now())) {
      throw new IdentityException('age_requirement', 'You must be at least 18 years old to use PerkRank.', {
        param: 'dateOfBirth',
      });
    }
    const user = await this.createAccount({
      email: input.email,
      password: input.password,
      displayName: input.displayName,
      roles: [input.accountType],
      dateOfBirth: input.dateOfBirth,
      scoringConsent: input.scoringConsent ?? false,
      termsAccepted: true,
    });
    this.logger.log({ userId: user.id }, 'user registered');
    await this.emailTokens.transaction((manager) => this.requestVerification(manager, user.id));
    return { user: userView(user), ...(await this.tokens.openSession(user.id)) };
  }

  /** Creates an account (registration, the admin CLI, first-start admin); 409 email_taken if it exists. */
  async createAccount(account: NewAccount): Promise<User> {
    const now = this.clock.now();
    const user: User = Object.assign(new User(), {
      id: uuidv7(),
      email: normaliseEmail(account.email),
      passwordHash: await hashPassword(account.password),
      displayName: account.displayName,
      dateOfBirth: account.dateOfBirth,
      roles: account.roles,
      status: 'active',
      suspendedReason: null,
      suspendedAt: null,
      topics: [],
      country: null,
      city: null,
      publicProfile: false,
      discoverable: false,
      scoringConsent: account.scoringConsent ?? false,
      termsAcceptedAt: account.termsAccepted ? now : null,
      emailVerifiedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    if (!(await this.users.insert(user))) {
      throw new IdentityException('email_taken', 'An account with this email already exists.', {
        param: 'email',
      });
    }
    return user;
  }

  /** Opens a full session; suspended accounts are refused (they get a privacy token at most). */
  async login(input: LoginDto, ip: string): Promise<{ user: UserView } & TokenPair> {
    const user = await this.checkCredentials(input, ip);
    if (user.status === 'suspended')
      throw new IdentityException('account_suspended', 'This account is suspended.');
    return { user: userView(user), ...(await this.tokens.openSession(user.id)) };
  }

  /**
   * A short-lived token for the privacy endpoints only (export, erasure, privacy settings). It is
   * issued to suspended accounts too: suspension does not take away the rights of access and
   * erasure. Same credential check, rate limits and answers as login.
   */
  async privacyToken(
    input: LoginDto,
    ip: string,
  ): Promise<{ accessToken: string; expiresIn: number; scope: 'privacy' }> {
    const user = await this.checkCredentials(input, ip);
    return { ...(await this.tokens.openPrivacySession(user.id)), scope: 'privacy' };
  }

  /**
   * Checks credentials with the same answer and about the same time for a wrong password and an
   * unknown email. Attempts are taken (increment-then-decide, one statement each) per (account,
   * client) and per client before the password is checked, so parallel guesses cannot overrun the
   * limit; a correct password gives its attempts back. Failures on the account from every client
   * count towards a higher ceiling that stops only clients that failed on it themselves: a
   * stranger's failures never lock the owner out.
   */
  private async checkCredentials(input: LoginDto, ip: string): Promise<User> {
    const window = this.config.LOGIN_LOCKOUT_SECONDS;
    const accountKey = loginAccountKey(input.email);
    const pairKey = loginClientKey(input.email, ip);
    const clientKey = `login:ip:${ip}`;
    const refuse = (retryAfter: number): AppException =>
      AppException.rateLimited(retryAfter, 'Too many failed login attempts. Try again later.');

    const pair = await this.rateLimiter.take(pairKey, this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT, window);
    if (!pair.allowed) throw refuse(pair.retryAfter);
    const client = await this.rateLimiter.take(clientKey, this.config.LOGIN_MAX_FAILURES_PER_IP, window);
    if (!client.allowed) {
      await this.rateLimiter.release(pairKey);
      throw refuse(client.retryAfter);
    }
    if (pair.hits > 1) {
      // This client failed on this account before: past the account's ceiling it is stopped.
      const account = await this.rateLimiter.peek(accountKey, window);
      if (account.hits >= this.config.LOGIN_ACCOUNT_FAILURE_CEILING) {
        await Promise.all([this.rateLimiter.release(pairKey), this.rateLimiter.release(clientKey)]);
        throw refuse(account.retryAfter);
      }
    }

    const user = await this.users.findByEmail(input.email, { withPassword: true });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
    if (!user || !ok) {
      await this.rateLimiter.hit(accountKey, window);
      throw new IdentityException('invalid_credentials', 'The email or password is incorrect.');
    }
    await Promise.all([this.rateLimiter.reset(pairKey), this.rateLimiter.release(clientKey)]);
    return user;
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.rotate(
      refreshToken,
      async (userId) => (await this.users.findById(userId))?.status !== 'active',
    );
  }

  logout(caller: AuthUser): Promise<void> {
    return this.tokens.revoke(caller.sessionId, 'logout');
  }

  /** `read`: ME_READ's columns, when the access check read them with the caller's session. */
  async me(caller: AuthUser, read?: Record<string, unknown>): Promise<MeResponse> {
    const user = read
      ? ({
          id: caller.id,
          email: caller.email,
          displayName: caller.displayName,
          roles: caller.roles,
          status: caller.status,
          emailVerified: caller.emailVerified ?? false,
          ...read,
        } as MeRow)
      : await this.users.meRow(caller.id);
    if (!user) throw AppException.unauthenticated();
    return {
      ...userView(user),
      brands: user.brands,
      privacy: {
        publicProfile: user.publicProfile,
        discoverable: user.discoverable,
        scoringConsent: user.scoringConsent,
      },
      profile: { topics: user.topics, country: user.country, city: user.city },
      emailVerified: user.emailVerified,
    };
  }

  /** Mails a new verification link (earlier ones stop working); nothing when already verified. */
  async resendVerification(caller: AuthUser): Promise<void> {
    const user = await this.users.findById(caller.id);
    if (!user || user.emailVerifiedAt) return;
    const limit = await this.rateLimiter.hit(`verify-mail:${user.id}`, 3600);
    if (limit.hits > RESET_MAILS_PER_HOUR) return;
    await this.emailTokens.transaction((manager) => this.requestVerification(manager, user.id));
  }

  /** POST /v1/auth/verify-email: the link of the verification mail. */
  async verifyEmail(token: string): Promise<{ emailVerified: true }> {
    const now = this.clock.now();
    await this.emailTokens.transaction(async (manager) => {
      const userId = await this.emailTokens.consume(manager, token, 'verify_email', now);
      if (!userId) throw invalidEmailToken();
      await this.emailTokens.markVerified(manager, userId, now);
    });
    return { emailVerified: true };
  }

  /**
   * POST /v1/auth/password-reset: mails a reset link when the account exists. The answer is the
   * same either way (202), so the endpoint tells nobody which addresses have accounts.
   */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.status !== 'active') return;
    const limit = await this.rateLimiter.hit(`reset-mail:${user.id}`, 3600);
    if (limit.hits > RESET_MAILS_PER_HOUR) {
      this.logger.warn({ userId: user.id }, 'password reset mail not sent: hourly limit reached');
      return;
    }
    const now = this.clock.now();
    await this.emailTokens.transaction(async (manager) => {
      const issued = await this.emailTokens.issue(
        manager,
        user.id,
        'password_reset',
        now,
        PASSWORD_RESET_TTL_MS,
      );
      const payload: EmailTokenIssuedPayload = {
        userId: user.id,
        token: issued.token,
        expiresAt: issued.expiresAt.toISOString(),
      };
      await this.events.publish({ type: PASSWORD_RESET_REQUESTED, payload }, manager);
    });
  }

  /**
   * POST /v1/auth/password-reset/confirm: sets the new password and ends every session of the
   * account (a thief logged in elsewhere is out), in one transaction with using up the token.
   */
  async confirmPasswordReset(token: string, password: string): Promise<{ passwordReset: true }> {
    const hash = await hashPassword(password);
    const now = this.clock.now();
    const userId = await this.emailTokens.transaction(async (manager) => {
      const id = await this.emailTokens.consume(manager, token, 'password_reset', now);
      if (!id) throw invalidEmailToken();
      await this.emailTokens.setPasswordHash(manager, id, hash, now);
      // The mail reached its owner: that verifies the address too.
      await this.emailTokens.markVerified(manager, id, now);
      await this.sessions.revokeAllForUser(id, 'password_reset', now, manager);
      return id;
    });
    const user = await this.users.findById(userId);
    if (user) await this.rateLimiter.reset(loginAccountKey(user.email));
    this.logger.log({ userId }, 'password reset; every session revoked');
    return { passwordReset: true };
  }

  private async requestVerification(manager: EntityManager, userId: string): Promise<void> {
    const issued = await this.emailTokens.issue(
      manager,
      userId,
      'verify_email',
      this.clock.now(),
      EMAIL_VERIFICATION_TTL_MS,
    );
    const payload: EmailTokenIssuedPayload = {
      userId,
      token: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
    };
    await this.events.publish({ type: EMAIL_VERIFICATION_REQUESTED, payload }, manager);
  }

  async updateProfile(caller: AuthUser, input: UpdateProfileDto): Promise<MeResponse> {
    await this.users.updateProfile(caller.id, input);
    return this.me(caller);
  }
}
