import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiListResponse, IdParam, Idempotent } from '@perkrank/core';
import { ApiKeyService } from '../api-keys/api-key.service';
import type { ApiKeyCaller, AuthUser } from '../auth/auth-user';
import { AllowApiKey, Caller, CurrentUser, Roles } from '../auth/auth.decorators';
import { AppException } from '@perkrank/core';
import {
  AddMemberDto,
  ApiKeyIdentityResponse,
  ApiKeyResponse,
  BrandResponse,
  CreateApiKeyDto,
  CreateBrandDto,
  CreatedApiKeyResponse,
  InvitationResponse,
  MemberResponse,
  TransferOwnershipDto,
} from './brand.dto';
import { BrandService } from './brand.service';
import { BrandInvitationService } from './brand-invitation.service';

@ApiTags('brands')
@ApiBearerAuth('bearer')
@Controller('v1/brands')
export class BrandController {
  constructor(
    private readonly brands: BrandService,
    private readonly invitations: BrandInvitationService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  @Post()
  @Roles('brand')
  @Idempotent()
  @ApiCreatedResponse({ type: BrandResponse })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateBrandDto): Promise<BrandResponse> {
    return this.brands.create(user, body);
  }

  @Get()
  @ApiListResponse(BrandResponse, 'The brands you are a member of')
  async list(@CurrentUser() user: AuthUser): Promise<{ data: BrandResponse[] }> {
    return { data: await this.brands.listMine(user) };
  }

  @Get(':brandId')
  @ApiOkResponse({ type: BrandResponse })
  get(@CurrentUser() user: AuthUser, @IdParam('brandId') brandId: string): Promise<BrandResponse> {
    return this.brands.get(user, brandId);
  }

  @Get(':brandId/members')
  @ApiListResponse(MemberResponse)
  async members(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
  ): Promise<{ data: MemberResponse[] }> {
    return { data: await this.brands.members(user, brandId) };
  }

  @Post(':brandId/members')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: InvitationResponse,
    description:
      'Invites an email as manager or staff. The answer is the same whether or not the email has an ' +
      'account; the person joins only when they accept (POST /v1/me/invitations/:id/accept). ' +
      'Inviting the same email again returns the same pending invitation. 409 already_member.',
  })
  invite(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Body() body: AddMemberDto,
  ): Promise<InvitationResponse> {
    return this.invitations.invite(user, brandId, body);
  }

  @Get(':brandId/invitations')
  @ApiListResponse(InvitationResponse, 'Pending invitations (owners and managers)')
  async brandInvitations(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
  ): Promise<{ data: InvitationResponse[] }> {
    return { data: await this.invitations.pendingOfBrand(user, brandId) };
  }

  @Delete(':brandId/invitations/:invitationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The pending invitation is withdrawn' })
  revokeInvitation(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @IdParam('invitationId') invitationId: string,
  ): Promise<void> {
    return this.invitations.revoke(user, brandId, invitationId);
  }

  @Post(':brandId/owner')
  @HttpCode(200)
  @ApiListResponse(
    MemberResponse,
    'The owner hands the brand to another member and becomes a manager; returns the members',
  )
  async transferOwnership(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Body() body: TransferOwnershipDto,
  ): Promise<{ data: MemberResponse[] }> {
    return { data: await this.brands.transferOwnership(user, brandId, body.userId) };
  }

  @Delete(':brandId/members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse()
  removeMember(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @IdParam('userId') userId: string,
  ): Promise<void> {
    return this.brands.removeMember(user, brandId, userId);
  }

  @Post(':brandId/api-keys')
  @ApiCreatedResponse({ type: CreatedApiKeyResponse, description: 'The key is shown once, in this response' })
  createApiKey(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(user, brandId, body.name);
  }

  @Get(':brandId/api-keys')
  @ApiListResponse(ApiKeyResponse)
  async listApiKeys(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
  ): Promise<{ data: ApiKeyResponse[] }> {
    return { data: await this.apiKeys.list(user, brandId) };
  }

  @Delete(':brandId/api-keys/:keyId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The key stops working at once' })
  revokeApiKey(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @IdParam('keyId') keyId: string,
  ): Promise<void> {
    return this.apiKeys.revoke(user, brandId, keyId);
  }
}

/** Lets a hotel system check its key: which brand it acts for. */
@ApiTags('brands')
@ApiSecurity('apiKey')
@Controller('v1/api-keys')
export class ApiKeySelfController {
  @Get('me')
  @AllowApiKey()
  @ApiOkResponse({ type: ApiKeyIdentityResponse })
  whoAmI(@Caller() caller: { user?: AuthUser; apiKey?: ApiKeyCaller }): ApiKeyIdentityResponse {
    if (!caller.apiKey) throw AppException.forbidden('Call this with an X-Api-Key header.');
    return { keyId: caller.apiKey.id, brandId: caller.apiKey.brandId, name: caller.apiKey.name };
  }
}

/** Invitations addressed to the caller's email: listed, accepted or declined by them alone. */
@ApiTags('brands')
@ApiBearerAuth('bearer')
@Controller('v1/me/invitations')
export class MyInvitationsController {
  constructor(private readonly invitations: BrandInvitationService) {}

  @Get()
  @ApiListResponse(InvitationResponse, 'Pending, unexpired invitations to your email')
  async list(@CurrentUser() user: AuthUser): Promise<{ data: InvitationResponse[] }> {
    return { data: await this.invitations.mine(user) };
  }

  @Post(':invitationId/accept')
  @HttpCode(200)
  @ApiOkResponse({
    type: InvitationResponse,
    description:
      'Joins the brand with the invited role (and the brand account role); 404 invitation_not_found',
  })
  accept(
    @CurrentUser() user: AuthUser,
    @IdParam('invitationId') invitationId: string,
  ): Promise<InvitationResponse> {
    return this.invitations.accept(user, invitationId);
  }

  @Post(':invitationId/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationResponse, description: '404 invitation_not_found' })
  decline(
    @CurrentUser() user: AuthUser,
    @IdParam('invitationId') invitationId: string,
  ): Promise<InvitationResponse> {
    return this.invitations.decline(user, invitationId);
  }
}
