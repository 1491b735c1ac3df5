import { Body, Controller, Get, HttpCode, Ip, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, ApiOperationDoc, PostAction, Public, RequestRate } from '@perkrank/core';
import type { AuthUser } from './auth-user';
import { ME_READ } from '../users/user.repository';
import { CurrentUser, PrivacyRoute } from './auth.decorators';
import { SessionReadRow, WithSessionRead } from './session-read';
import {
  AcceptedResponse,
  AuthResponse,
  EmailVerifiedResponse,
  PasswordResetConfirmDto,
  PasswordResetDto,
  PasswordResetResponse,
  VerifyEmailDto,
  LoginDto,
  MeResponse,
  PrivacyTokenResponse,
  RefreshDto,
  RegisterDto,
  TokenPairResponse,
  UpdateProfileDto,
} from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RequestRate({ name: 'register', limit: (c) => c.REGISTER_RATE_LIMIT_PER_HOUR, windowSeconds: 3600 })
  @Post('register')
  @ApiCreatedResponse({ type: AuthResponse })
  @ApiOperationDoc({
    operationId: 'register',
    summary: 'Register an account',
    description:
      'Creates a member account and returns it with a fresh access/refresh token pair. Public; limited per address per hour.',
  })
  @ApiErrors({ status: 409, description: 'email_taken' })
  register(@Body() body: RegisterDto): Promise<AuthResponse> {
    return this.auth.register(body);
  }

  @Public()
  @PostAction('login', { type: AuthResponse })
  @ApiOperationDoc({
    operationId: 'login',
    summary: 'Log in',
    description:
      'Exchanges email and password for an access/refresh token pair. Public; repeated failures are rate-limited.',
  })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<AuthResponse> {
    return this.auth.login(body, ip);
  }

  @Public()
  @PostAction('refresh', { type: TokenPairResponse })
  @ApiOperationDoc({
    operationId: 'refreshTokens',
    summary: 'Refresh tokens',
    description:
      'Exchanges a refresh token for a new token pair; the old refresh token stops working (rotation).',
  })
  refresh(@Body() body: RefreshDto): Promise<TokenPairResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Public()
  @PostAction('privacy-token', {
    type: PrivacyTokenResponse,
    description:
      'A short-lived access token (no refresh token) that opens only the privacy endpoints — ' +
      'GET/PATCH /v1/me/privacy, GET /v1/me/export, DELETE /v1/me, logout. Issued to suspended accounts too, ' +
      'which cannot log in but keep their rights of access and erasure. Same errors and limits as login.',
  })
  @ApiOperationDoc({
    operationId: 'createPrivacyToken',
    summary: 'Get a privacy-scoped token',
    description:
      'Exchanges credentials for a short-lived token that only reaches the privacy endpoints (export, erase, settings).',
  })
  privacyToken(@Body() body: LoginDto, @Ip() ip: string): Promise<PrivacyTokenResponse> {
    return this.auth.privacyToken(body, ip);
  }

  @Public()
  @PostAction('verify-email', {
    type: EmailVerifiedResponse,
    description:
      'Confirms the address with the token of the verification mail; 400 invalid_token when unknown, used or expired.',
  })
  @ApiOperationDoc({
    operationId: 'verifyEmail',
    summary: 'Verify an email address',
    description:
      'Confirms the address with the single-use token from the verification mail (valid 7 days). 400 `invalid_token` when used, expired or unknown. Public.',
  })
  verifyEmail(@Body() body: VerifyEmailDto): Promise<EmailVerifiedResponse> {
    return this.auth.verifyEmail(body.token);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @ApiBearerAuth('bearer')
  @ApiAcceptedResponse({
    type: AcceptedResponse,
    description:
      'Mails the caller a new verification link (earlier links stop working); nothing when already verified.',
  })
  @ApiOperationDoc({
    operationId: 'resendEmailVerification',
    summary: 'Send the verification mail again',
    description:
      "Queues a new verification mail to the caller's address; earlier links stop working. Answers 202 whether or not a mail is sent (already verified, or too many asked).",
  })
  async resendVerification(@CurrentUser() user: AuthUser): Promise<AcceptedResponse> {
    await this.auth.resendVerification(user);
    return { accepted: true };
  }

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: AcceptedResponse,
    description:
      'Mails a reset link (valid 30 minutes, once) when an account has this address. Always 202, whether or not it exists.',
  })
  @ApiOperationDoc({
    operationId: 'requestPasswordReset',
    summary: 'Ask for a password reset',
    description:
      'Queues a mail with a single-use reset link (30 minutes) when the address has an account. Always answers 202, so it tells nobody whether an address is registered. Public; limited per address.',
  })
  async passwordReset(@Body() body: PasswordResetDto): Promise<AcceptedResponse> {
    await this.auth.requestPasswordReset(body.email);
    return { accepted: true };
  }

  @Public()
  @PostAction('password-reset/confirm', {
    type: PasswordResetResponse,
    description:
      'Sets the new password and ends every session of the account; 400 invalid_token when the token is unknown, used or expired.',
  })
  @ApiOperationDoc({
    operationId: 'confirmPasswordReset',
    summary: 'Set a new password with a reset token',
    description:
      'Sets the new password with the token from the reset mail and ends every session of the account. 400 `invalid_token` when used, expired or unknown. Public.',
  })
  confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<PasswordResetResponse> {
    return this.auth.confirmPasswordReset(body.token, body.password);
  }

  @Post('logout')
  @PrivacyRoute()
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiNoContentResponse({ description: 'The session (all its tokens) is ended.' })
  @ApiOperationDoc({
    operationId: 'logout',
    summary: 'Log out',
    description:
      "Ends the caller's session: its refresh token stops working. Accepts a privacy-scoped token too.",
  })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }
}

@ApiTags('me')
@ApiBearerAuth('bearer')
@Controller('v1/me')
export class MeController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  @ApiOkResponse({ type: MeResponse })
  @ApiOperationDoc({
    operationId: 'getMe',
    summary: 'Get the current user',
    description: "Returns the caller's account, roles, brands, profile and privacy settings.",
  })
  @WithSessionRead(ME_READ)
  me(@CurrentUser() user: AuthUser, @SessionReadRow() read?: Record<string, unknown>): Promise<MeResponse> {
    return this.auth.me(user, read);
  }

  @Patch()
  @ApiOkResponse({
    type: MeResponse,
    description: 'Updates the display name and the profile the perk feed matches on',
  })
  @ApiOperationDoc({
    operationId: 'updateMe',
    summary: "Update the current user's profile",
    description: "Changes the caller's public profile fields; only the fields sent change.",
  })
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateProfileDto): Promise<MeResponse> {
    return this.auth.updateProfile(user, body);
  }
}
