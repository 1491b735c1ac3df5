import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiOperationDoc, Public } from '@perkrank/core';
import { ScoringModelResponse } from './scoring-model.dto';
import { PublishedModel, ScoringModelService } from './scoring-model.service';

@ApiTags('score')
@Controller('v1/scoring/model')
export class ScoringModelController {
  constructor(private readonly model: ScoringModelService) {}

  @Public()
  @Get()
  @ApiOkResponse({
    type: ScoringModelResponse,
    description:
      'The scoring model in full — weights, window, decay, adjustments, calibration knots — and the population size',
  })
  @ApiOperationDoc({
    operationId: 'getScoringModel',
    summary: 'Get the scoring model',
    description: 'Returns the published weights and calibration of the scoring model. Public.',
  })
  get(): Promise<PublishedModel> {
    return this.model.published();
  }
}
