import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  ApiErrors,
  ApiOperationDoc,
  ApiPageResponse,
  Idempotent,
  IdParam,
  Page,
  pageLimit,
  PostAction,
} from '@perkrank/core';
import { type AuthUser, CurrentUser, Roles } from '@perkrank/identity';
import {
  CampaignListQuery,
  CampaignResponse,
  CreateCampaignDto,
  SubmissionProblemView,
  UpdateCampaignDto,
} from './campaign.dto';
import { CampaignService } from './campaign.service';

const CONFLICT = 'invalid_transition: the campaign is not in a state that allows this';

@ApiTags('campaigns')
@ApiBearerAuth('bearer')
@ApiExtraModels(SubmissionProblemView)
@Roles('brand')
@Controller('v1')
export class CampaignController {
  constructor(private readonly campaigns: CampaignService) {}

  @Post('brands/:brandId/campaigns')
  @Idempotent()
  @ApiCreatedResponse({
    type: CampaignResponse,
    description: 'A draft; any part but the title may follow later',
  })
  @ApiErrors({ status: 400, description: 'validation_failed, with every bad field in details.fields' })
  @ApiOperationDoc({
    operationId: 'createCampaign',
    summary: 'Create a campaign',
    description: 'Creates a draft campaign for the brand. Owner or manager of the brand.',
  })
  create(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Body() body: CreateCampaignDto,
  ): Promise<CampaignResponse> {
    return this.campaigns.create(user, brandId, body);
  }

  @Get('brands/:brandId/campaigns')
  @ApiPageResponse(CampaignResponse, 'Newest first')
  @ApiOperationDoc({
    operationId: 'listBrandCampaigns',
    summary: "List a brand's campaigns",
    description: "Lists the brand's campaigns in every state, by cursor. Brand members.",
  })
  list(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Query() query: CampaignListQuery,
  ): Promise<Page<CampaignResponse>> {
    return this.campaigns.list(user, brandId, { ...query, limit: pageLimit(query) });
  }

  @Get('campaigns/:id')
  @ApiOkResponse({ type: CampaignResponse })
  @ApiOperationDoc({
    operationId: 'getCampaign',
    summary: 'Get a campaign',
    description: 'Returns one campaign with funding, inventory and moderation state. Brand members.',
  })
  get(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.get(user, id);
  }

  @Patch('campaigns/:id')
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors({
    status: 409,
    description: 'campaign_not_editable: only draft and changes_requested can be edited',
  })
  @ApiOperationDoc({
    operationId: 'updateCampaign',
    summary: 'Update a campaign',
    description: 'Changes a draft (or changes-requested) campaign; only the fields sent change.',
  })
  update(
    @CurrentUser() user: AuthUser,
    @IdParam('id') id: string,
    @Body() body: UpdateCampaignDto,
  ): Promise<CampaignResponse> {
    return this.campaigns.update(user, id, body);
  }

  @PostAction('campaigns/:id/submit', { type: CampaignResponse, description: 'Now pending_review' })
  @ApiConflictResponse({
    description: `${CONFLICT}; campaign_incomplete with details.reasons`,
    schema: {
      properties: {
        error: {
          type: 'object',
          properties: {
            code: { type: 'string', example: 'campaign_incomplete' },
            details: {
              type: 'object',
              properties: {
                reasons: { type: 'array', items: { $ref: getSchemaPath(SubmissionProblemView) } },
              },
            },
          },
        },
      },
    },
  })
  @ApiOperationDoc({
    operationId: 'submitCampaign',
    summary: 'Submit a campaign',
    description: 'Sends a complete draft to moderation.',
  })
  submit(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.act(user, id, 'submit');
  }

  @PostAction('campaigns/:id/pause', {
    type: CampaignResponse,
    description: 'Now paused: hidden from the feed, not claimable',
  })
  @ApiErrors({ status: 409, description: CONFLICT })
  @ApiOperationDoc({
    operationId: 'pauseCampaign',
    summary: 'Pause a campaign',
    description: 'Stops new claims on an active campaign.',
  })
  pause(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.act(user, id, 'pause');
  }

  @PostAction('campaigns/:id/resume', { type: CampaignResponse, description: 'Approved again' })
  @ApiErrors({ status: 409, description: CONFLICT })
  @ApiOperationDoc({
    operationId: 'resumeCampaign',
    summary: 'Resume a campaign',
    description: 'Reopens a paused campaign to claims.',
  })
  resume(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.act(user, id, 'resume');
  }

  @PostAction('campaigns/:id/end', { type: CampaignResponse, description: 'Ended for good' })
  @ApiErrors({ status: 409, description: CONFLICT })
  @ApiOperationDoc({
    operationId: 'endCampaign',
    summary: 'End a campaign',
    description: 'Ends a campaign for good; existing claims stay redeemable until they expire.',
  })
  end(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.act(user, id, 'end');
  }
}
