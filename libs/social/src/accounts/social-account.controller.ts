import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, ApiOperationDoc, IdParam, PostAction } from '@perkrank/core';
import { CurrentUser, Roles, type AuthUser } from '@perkrank/identity';
import {
  AdminVerifyDto,
  ConnectSocialAccountDto,
  SocialAccountListResponse,
  SocialAccountResponse,
} from './social-account.dto';
import { SocialAccountService, type SocialAccountView } from './social-account.service';

@ApiTags('social accounts')
@ApiBearerAuth('bearer')
@Roles('influencer')
@Controller('v1/me/social-accounts')
export class SocialAccountController {
  constructor(private readonly accounts: SocialAccountService) {}

  @Post()
  @ApiCreatedResponse({
    type: SocialAccountResponse,
    description: 'Pending until verified; carries the token',
  })
  @ApiOperationDoc({
    operationId: 'connectSocialAccount',
    summary: 'Connect a social account',
    description:
      'Links a social network handle to the caller and returns the verification challenge. Influencers only.',
  })
  @ApiErrors({ status: 409, description: 'account_already_connected or handle_taken' })
  connect(@CurrentUser() user: AuthUser, @Body() body: ConnectSocialAccountDto): Promise<SocialAccountView> {
    return this.accounts.connect(user, body.network, body.handle);
  }

  @Get()
  @ApiOkResponse({ type: SocialAccountListResponse })
  @ApiOperationDoc({
    operationId: 'listSocialAccounts',
    summary: 'List my social accounts',
    description: "Lists the caller's connected social accounts and their verification state.",
  })
  async list(@CurrentUser() user: AuthUser): Promise<{ data: SocialAccountView[] }> {
    return { data: await this.accounts.list(user) };
  }

  @Get(':id')
  @ApiOkResponse({ type: SocialAccountResponse })
  @ApiOperationDoc({
    operationId: 'getSocialAccount',
    summary: 'Get a social account',
    description: "Returns one of the caller's social accounts.",
  })
  get(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<SocialAccountView> {
    return this.accounts.get(user, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperationDoc({
    operationId: 'removeSocialAccount',
    summary: 'Disconnect a social account',
    description: 'Unlinks a social account from the caller.',
  })
  remove(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<void> {
    return this.accounts.remove(user, id);
  }

  @PostAction(':id/verify', {
    type: SocialAccountResponse,
    description: '`status: "verified"` when the token is in the profile; else 422 verification_failed',
  })
  @ApiOperationDoc({
    operationId: 'verifySocialAccount',
    summary: 'Verify a social account',
    description: 'Checks the verification challenge on the network and marks the account verified.',
  })
  @ApiErrors({ status: 422, description: 'verification_failed or admin_verification_required' }, 429)
  verify(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<SocialAccountView> {
    return this.accounts.verify(user, id);
  }
}

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('v1/admin/social-accounts')
export class AdminSocialAccountController {
  constructor(private readonly accounts: SocialAccountService) {}

  @PostAction(':id/verify', {
    type: SocialAccountResponse,
    description: 'For networks without a connector; audited',
  })
  @ApiOperationDoc({
    operationId: 'adminVerifySocialAccount',
    summary: 'Verify a social account (admin)',
    description: 'Marks a social account verified (or not) by hand, with a note. Admin only.',
  })
  verify(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Body() body: AdminVerifyDto,
  ): Promise<SocialAccountView> {
    return this.accounts.adminVerify(admin, id, body.nativeId, body.note);
  }
}
