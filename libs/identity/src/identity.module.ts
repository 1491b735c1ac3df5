import { GeneratedMembers } from './users/generated-members';
import { UserPrivacyColumns } from './users/user-privacy-columns';
import { BrandMemberView, BrandNameView, MemberProfileView } from './read-models/identity-views';
import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@perkrank/core';
import { AdminController } from './admin/admin.controller';
import { AdminUsersService } from './admin/admin-users.service';
import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeyService } from './api-keys/api-key.service';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditLog } from './audit/audit-log.service';
import { AccessGuard } from './auth/access.guard';
import { AuthController, MeController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { EmailToken } from './auth/email-token.entity';
import { EmailTokenRepository } from './auth/email-token.repository';
import { AccessTokenStrategy } from './auth/access-token.strategy';
import { RefreshToken } from './auth/refresh-token.entity';
import { Session } from './auth/session.entity';
import { SessionRepository } from './auth/session.repository';
import { TokenService } from './auth/token.service';
import { Brand, BrandMembership } from './brands/brand.entity';
import { ApiKeySelfController, BrandController, MyInvitationsController } from './brands/brand.controller';
import { BrandInvitation } from './brands/brand-invitation.entity';
import { BrandInvitationRepository } from './brands/brand-invitation.repository';
import { BrandInvitationService } from './brands/brand-invitation.service';
import { BrandAccess } from './brands/brand-access.service';
import { BrandRepository } from './brands/brand.repository';
import { BrandService } from './brands/brand.service';
import { IdentityPersonalData } from './privacy/identity-personal-data';
import { IdentityPersonalDataRepository } from './privacy/identity-personal-data.repository';
import { User } from './users/user.entity';
import { UserRepository } from './users/user.repository';

/** Accounts, sessions, brands and their teams, API keys, admin account work and the audit log. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      // The secret as a KeyObject: jsonwebtoken would otherwise try to parse it as a public key
      // (and fail, and fall back) on every sign and verify.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
    TypeOrmModule.forFeature([
      User,
      EmailToken,
      Session,
      RefreshToken,
      Brand,
      BrandMembership,
      BrandInvitation,
      ApiKey,
      AuditEntry,
      MemberProfileView,
      BrandNameView,
      BrandMemberView,
    ]),
  ],
  controllers: [
    AuthController,
    MeController,
    BrandController,
    MyInvitationsController,
    ApiKeySelfController,
    AdminController,
  ],
  providers: [
    UserRepository,
    UserPrivacyColumns,
    GeneratedMembers,
    SessionRepository,
    EmailTokenRepository,
    TokenService,
    AuthService,
    AccessTokenStrategy,
    BrandRepository,
    BrandAccess,
    BrandService,
    BrandInvitationRepository,
    BrandInvitationService,
    ApiKeyRepository,
    ApiKeyService,
    AuditLog,
    AdminUsersService,
    IdentityPersonalDataRepository,
    IdentityPersonalData,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    UserRepository,
    UserPrivacyColumns,
    GeneratedMembers,
    BrandAccess,
    BrandService,
    BrandInvitationService,
    ApiKeyService,
    AuditLog,
    AdminUsersService,
    AuthService,
  ],
})
export class IdentityModule {}
