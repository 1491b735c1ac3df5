import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IdParam } from '@perkrank/core';
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
  connect(@CurrentUser() user: AuthUser, @Body() body: ConnectSocialAccountDto): Promise<SocialAccountView> {
    return this.accounts.connect(user, body.network, body.handle);
  }

  @Get()
  @ApiOkResponse({ type: SocialAccountListResponse })
  async list(@CurrentUser() user: AuthUser): Promise<{ data: SocialAccountView[] }> {
    return { data: await this.accounts.list(user) };
  }

  @Get(':id')
  @ApiOkResponse({ type: SocialAccountResponse })
  get(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<SocialAccountView> {
    return this.accounts.get(user, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<void> {
    return this.accounts.remove(user, id);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOkResponse({
    type: SocialAccountResponse,
    description: '`status: "verified"` when the token is in the profile; else 422 verification_failed',
  })
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

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: SocialAccountResponse, description: 'For networks without a connector; audited' })
  verify(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Body() body: AdminVerifyDto,
  ): Promise<SocialAccountView> {
    return this.accounts.adminVerify(admin, id, body.nativeId, body.note);
  }
}
