import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../http/public.decorator';
import { SkipRequestRate } from '../rate-limit/request-rate.guard';

@ApiTags('health')
@Public()
// Probes from the orchestrator poll often and carry no user input.
@SkipRequestRate()
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up' } } })
  @ApiServiceUnavailableResponse({ schema: { example: { status: 'unavailable', database: 'down' } } })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: string; database: string }> {
    const up = await Promise.race([
      this.db.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
    ]);
    res.status(up ? 200 : 503);
    return up ? { status: 'ok', database: 'up' } : { status: 'unavailable', database: 'down' };
  }
}
