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
import { ApiErrors, ApiListResponse, ApiOperationDoc, Idempotent, IdParam, PostAction } from '@perkrank/core';
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
  @ApiOperationDoc({
    operationId: 'createBrand',
    summary: 'Create a brand',
    description: 'Creates a brand owned by the caller. Requires the brand role.',
  })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateBrandDto): Promise<BrandResponse> {
    return this.brands.create(user, body);
  }

  @Get()
  @ApiListResponse(BrandResponse, 'The brands you are a member of')
  @ApiOperationDoc({
    operationId: 'listBrands',
    summary: 'List my brands',
    description: "Lists the brands the caller is a member of, with the caller's role in each.",
  })
  async list(@CurrentUser() user: AuthUser): Promise<{ data: BrandResponse[] }> {
    return { data: await this.brands.listMine(user) };
  }

  @Get(':brandId')
  @ApiOkResponse({ type: BrandResponse })
  @ApiOperationDoc({
    operationId: 'getBrand',
    summary: 'Get a brand',
    description: 'Returns one brand the caller is a member of.',
  })
  get(@CurrentUser() user: AuthUser, @IdParam('brandId') brandId: string): Promise<BrandResponse> {
    return this.brands.get(user, brandId);
  }

  @Get(':brandId/members')
  @ApiListResponse(MemberResponse)
  @ApiOperationDoc({
    operationId: 'listBrandMembers',
    summary: 'List brand members',
    description: 'Lists the members of a brand and their roles. Members only.',
  })
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
  @ApiOperationDoc({
    operationId: 'inviteBrandMember',
    summary: 'Invite a brand member',
    description: 'Invites a person by email to join the brand with a role. Owner or manager only.',
  })
  @ApiErrors({ status: 409, description: 'already_member' })
  invite(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Body() body: AddMemberDto,
  ): Promise<InvitationResponse> {
    return this.invitations.invite(user, brandId, body);
  }

  @Get(':brandId/invitations')
  @ApiListResponse(InvitationResponse, 'Pending invitations (owners and managers)')
  @ApiOperationDoc({
    operationId: 'listBrandInvitations',
    summary: "List a brand's invitations",
    description: 'Lists pending invitations of a brand. Owner or manager only.',
  })
  async brandInvitations(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
  ): Promise<{ data: InvitationResponse[] }> {
    return { data: await this.invitations.pendingOfBrand(user, brandId) };
  }

  @Delete(':brandId/invitations/:invitationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The pending invitation is withdrawn' })
  @ApiOperationDoc({
    operationId: 'revokeBrandInvitation',
    summary: 'Revoke an invitation',
    description: 'Cancels a pending invitation. Owner or manager only.',
  })
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
  @ApiOperationDoc({
    operationId: 'transferBrandOwnership',
    summary: 'Transfer brand ownership',
    description: 'Makes another member the owner; the current owner becomes a manager. Owner only.',
  })
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
  @ApiOperationDoc({
    operationId: 'removeBrandMember',
    summary: 'Remove a brand member',
    description: 'Removes a member from the brand. The owner cannot be removed.',
  })
  @ApiErrors({ status: 409, description: 'owner_cannot_be_removed' })
  removeMember(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @IdParam('userId') userId: string,
  ): Promise<void> {
    return this.brands.removeMember(user, brandId, userId);
  }

  @Post(':brandId/api-keys')
  @ApiCreatedResponse({ type: CreatedApiKeyResponse, description: 'The key is shown once, in this response' })
  @ApiOperationDoc({
    operationId: 'createBrandApiKey',
    summary: 'Create an API key',
    description:
      'Creates an API key for the brand; the secret is shown once in this response only. Owner or manager only.',
  })
  createApiKey(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(user, brandId, body.name);
  }

  @Get(':brandId/api-keys')
  @ApiListResponse(ApiKeyResponse)
  @ApiOperationDoc({
    operationId: 'listBrandApiKeys',
    summary: 'List API keys',
    description: "Lists a brand's API keys (prefix, name, last use), never their secrets.",
  })
  async listApiKeys(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
  ): Promise<{ data: ApiKeyResponse[] }> {
    return { data: await this.apiKeys.list(user, brandId) };
  }

  @Delete(':brandId/api-keys/:keyId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The key stops working at once' })
  @ApiOperationDoc({
    operationId: 'revokeBrandApiKey',
    summary: 'Revoke an API key',
    description: 'Revokes an API key; requests with it fail with 401 from then on.',
  })
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
  @ApiOperationDoc({
    operationId: 'getApiKeyIdentity',
    summary: 'Identify the calling API key',
    description:
      "Returns the brand and key the request's X-Api-Key belongs to; handy to test an integration.",
  })
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
  @ApiOperationDoc({
    operationId: 'listMyInvitations',
    summary: 'List my invitations',
    description: "Lists pending brand invitations addressed to the caller's email.",
  })
  async list(@CurrentUser() user: AuthUser): Promise<{ data: InvitationResponse[] }> {
    return { data: await this.invitations.mine(user) };
  }

  @PostAction(':invitationId/accept', {
    type: InvitationResponse,
    description:
      'Joins the brand with the invited role (and the brand account role); 404 invitation_not_found',
  })
  @ApiOperationDoc({
    operationId: 'acceptInvitation',
    summary: 'Accept an invitation',
    description: 'Joins the inviting brand with the invited role.',
  })
  @ApiErrors({ status: 409, description: 'already_member or invitation no longer pending' })
  accept(
    @CurrentUser() user: AuthUser,
    @IdParam('invitationId') invitationId: string,
  ): Promise<InvitationResponse> {
    return this.invitations.accept(user, invitationId);
  }

  @PostAction(':invitationId/decline', { type: InvitationResponse, description: '404 invitation_not_found' })
  @ApiOperationDoc({
    operationId: 'declineInvitation',
    summary: 'Decline an invitation',
    description: 'Declines a pending brand invitation.',
  })
  @ApiErrors({ status: 409, description: 'invitation no longer pending' })
  decline(
    @CurrentUser() user: AuthUser,
    @IdParam('invitationId') invitationId: string,
  ): Promise<InvitationResponse> {
    return this.invitations.decline(user, invitationId);
  }
}
