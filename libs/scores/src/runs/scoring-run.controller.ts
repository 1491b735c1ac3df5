import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, IdParam, Page, PageQuery, pageLimit } from '@perkrank/core';
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
  request(@CurrentUser() admin: AuthUser): Promise<{ id: string }> {
    return this.runs.request(admin);
  }

  @Get()
  @ApiPageResponse(ScoringRunResponse, 'Newest first')
  list(@Query() query: PageQuery): Promise<Page<ScoringRunView>> {
    return this.runs.list(pageLimit(query), query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ScoringRunResponse })
  get(@IdParam('id') id: string): Promise<ScoringRunView> {
    return this.runs.get(id);
  }
}
