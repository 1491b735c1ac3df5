import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiPageResponse,
  IdParam,
  Page,
  PageQuery,
  pageLimit,
  ApiErrors,
  ApiOperationDoc,
} from '@perkrank/core';
import { CurrentUser, Roles, type AuthUser } from '@perkrank/identity';
import { ScoringRunCreatedResponse, ScoringRunResponse } from './scoring-run.dto';
import { ScoringRunService, type ScoringRunView } from './scoring-run.service';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('v1/admin/scoring/runs')
export class ScoringRunController {
  constructor(private readonly runs: ScoringRunService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: ScoringRunCreatedResponse,
    description: 'Queued for the worker; 409 scoring_run_in_progress while one is queued or running',
  })
  @ApiOperationDoc({
    operationId: 'requestScoringRun',
    summary: 'Start a scoring run',
    description: 'Queues a full scoring run. Admin only.',
  })
  @ApiErrors({ status: 409, description: 'scoring_run_in_progress' })
  request(@CurrentUser() admin: AuthUser): Promise<{ id: string }> {
    return this.runs.request(admin);
  }

  @Get()
  @ApiPageResponse(ScoringRunResponse, 'Newest first')
  @ApiOperationDoc({
    operationId: 'listScoringRuns',
    summary: 'List scoring runs',
    description: 'Lists scoring runs, newest first. Admin only.',
  })
  list(@Query() query: PageQuery): Promise<Page<ScoringRunView>> {
    return this.runs.list(pageLimit(query), query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ScoringRunResponse })
  @ApiOperationDoc({
    operationId: 'getScoringRun',
    summary: 'Get a scoring run',
    description: 'Returns one scoring run with its phases. Admin only.',
  })
  get(@IdParam('id') id: string): Promise<ScoringRunView> {
    return this.runs.get(id);
  }
}
