import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiOperationDoc, Public } from '@perkrank/core';
import type { Response } from 'express';
import { ScoringModelResponse } from './scoring-model.dto';
import { ScoringModelService } from './scoring-model.service';

@ApiTags('score')
@Controller('v1/scoring/model')
export class ScoringModelController {
  constructor(private readonly model: ScoringModelService) {}

  /**
   * Public and the same for every caller: unlike the rest of /v1 (no-store) it may be kept by
   * browsers and shared caches, which revalidate every use (`no-cache`) with its ETag and get a
   * 304 while the population has not changed. Express answers the 304 from If-None-Match.
   */
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
  async get(@Res() res: Response): Promise<void> {
    const { json, etag } = await this.model.document();
    res.setHeader('Cache-Control', 'public, no-cache');
    res.removeHeader('Pragma');
    res.setHeader('ETag', etag);
    res.type('application/json').send(json);
  }
}
