import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
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
  MemberResponse,
  TransferOwnershipDto,
} from './brand.dto';
import { BrandService } from './brand.service';

@ApiTags('brands')
@ApiBearerAuth('bearer')
@Controller('v1/brands')
export class BrandController {
  constructor(
    private readonly brands: BrandService,
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
  @ApiCreatedResponse({
    type: MemberResponse,
    description: 'Adds an existing PerkRank user (by email) as manager or staff',
  })
  addMember(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Body() body: AddMemberDto,
  ): Promise<MemberResponse> {
    return this.brands.addMember(user, brandId, body);
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
