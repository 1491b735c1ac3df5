import { Body, Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiOperationDoc,
  ApiPageResponse,
  IdParam,
  Page,
  pageLimit,
  PostAction,
} from '@perkrank/core';
import { type AuthUser, CurrentUser, Roles } from '@perkrank/identity';
import {
  AdminCampaignResponse,
  ApproveDto,
  ModerationQueueQuery,
  RejectDto,
  RemoveDto,
  RequestChangesDto,
} from './moderation.dto';
import { ModerationService } from './moderation.service';

const CONFLICT = 'invalid_transition: the campaign is not in a state that allows this';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('v1/admin/campaigns')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Get()
  @ApiPageResponse(
    AdminCampaignResponse,
    'Campaigns in one status (default pending_review), longest waiting first, with their flags',
  )
  @ApiOperationDoc({
    operationId: 'listModerationQueue',
    summary: 'List the moderation queue',
    description: 'Lists campaigns awaiting moderation, oldest first, with their flags. Admin only.',
  })
  queue(@Query() query: ModerationQueueQuery): Promise<Page<AdminCampaignResponse>> {
    return this.moderation.queue(query.status ?? 'pending_review', pageLimit(query), query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ type: AdminCampaignResponse })
  @ApiOperationDoc({
    operationId: 'getModerationCampaign',
    summary: 'Get a campaign for moderation',
    description: 'Returns a campaign with brand and flags for review. Admin only.',
  })
  get(@IdParam('id') id: string): Promise<AdminCampaignResponse> {
    return this.moderation.get(id);
  }

  @PostAction(':id/approve', { type: AdminCampaignResponse, description: 'Approved: live within its window' })
  @ApiErrors({ status: 409, description: CONFLICT })
  @ApiOperationDoc({
    operationId: 'approveCampaign',
    summary: 'Approve a campaign',
    description: 'Approves a submitted campaign; it goes live at its start date. Admin only.',
  })
  approve(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Body() body: ApproveDto,
  ): Promise<AdminCampaignResponse> {
    return this.moderation.decide(admin, id, 'approve', body.note);
  }

  @PostAction(':id/reject', { type: AdminCampaignResponse })
  @ApiErrors({ status: 409, description: CONFLICT })
  @ApiOperationDoc({
    operationId: 'rejectCampaign',
    summary: 'Reject a campaign',
    description: 'Rejects a submitted campaign with a reason. Admin only.',
  })
  reject(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Body() body: RejectDto,
  ): Promise<AdminCampaignResponse> {
    return this.moderation.decide(admin, id, 'reject', body.reason);
  }

  @PostAction(':id/request-changes', {
    type: AdminCampaignResponse,
    description: 'Back to the brand, editable again',
  })
  @ApiErrors({ status: 409, description: CONFLICT })
  @ApiOperationDoc({
    operationId: 'requestCampaignChanges',
    summary: 'Request changes',
    description: 'Sends a submitted campaign back to the brand with what to change. Admin only.',
  })
  requestChanges(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Body() body: RequestChangesDto,
  ): Promise<AdminCampaignResponse> {
    return this.moderation.decide(admin, id, 'request_changes', body.notes);
  }

  @PostAction(':id/remove', { type: AdminCampaignResponse, description: 'Taken down for good' })
  @ApiErrors({ status: 409, description: CONFLICT })
  @ApiOperationDoc({
    operationId: 'removeCampaign',
    summary: 'Remove a campaign',
    description: 'Takes a live campaign down with a reason. Admin only.',
  })
  remove(
    @CurrentUser() admin: AuthUser,
    @IdParam('id') id: string,
    @Body() body: RemoveDto,
  ): Promise<AdminCampaignResponse> {
    return this.moderation.decide(admin, id, 'remove', body.reason);
  }
}
