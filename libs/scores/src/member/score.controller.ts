import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperationDoc } from '@perkrank/core';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@perkrank/identity';
import { MyScoreResponse, ScoreHistoryQuery, ScoreHistoryResponse } from './score.dto';
import { ScoreService } from './score.service';

@ApiTags('score')
@ApiBearerAuth('bearer')
@Controller('v1/me/score')
export class ScoreController {
  constructor(private readonly scores: ScoreService) {}

  @Get()
  @ApiOkResponse({
    type: MyScoreResponse,
    description:
      'The latest score with its explanation; 404 score_not_available before the first run that includes you',
  })
  @ApiOperationDoc({
    operationId: 'getMyScore',
    summary: 'Get my score',
    description: "Returns the caller's influence score with its components and adjustments.",
  })
  mine(@CurrentUser() user: AuthUser): Promise<MyScoreResponse> {
    return this.scores.mine(user);
  }

  @Get('history')
  @ApiOkResponse({ type: ScoreHistoryResponse })
  @ApiOperationDoc({
    operationId: 'getMyScoreHistory',
    summary: 'Get my score history',
    description: "Returns the caller's score over time and the model updates in between.",
  })
  history(@CurrentUser() user: AuthUser, @Query() query: ScoreHistoryQuery): Promise<ScoreHistoryResponse> {
    return this.scores.history(user, query.days);
  }
}
