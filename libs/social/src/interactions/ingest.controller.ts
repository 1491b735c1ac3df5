import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiOperationDoc, Public, SkipRequestRate } from '@perkrank/core';
import { IngestRequestDoc, IngestResponse } from './ingest.dto';
import { IngestTokenGuard } from './ingest-token.guard';
import { IngestService, type IngestResult } from './ingest.service';

@ApiTags('ingestion')
@ApiBearerAuth('bearer')
@Controller('v1/ingest')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** The body stays untyped here: 10,000 events through class-validator would cost ~0.5 s. */
  @Post('interactions')
  @Public()
  // A trusted importer behind its own token sends batches continuously.
  @SkipRequestRate()
  @UseGuards(IngestTokenGuard)
  @HttpCode(200)
  @ApiBody({ type: IngestRequestDoc })
  @ApiOkResponse({
    type: IngestResponse,
    description: 'Bad items are rejected one by one; the rest are stored',
  })
  @ApiOperationDoc({
    operationId: 'ingestInteractions',
    summary: 'Ingest interactions',
    description:
      'Stores a batch of social interactions from a trusted importer (its own token). Bad items are rejected one by one.',
  })
  interactions(@Body() body: unknown): Promise<IngestResult> {
    return this.ingest.ingestRequest(body);
  }
}
