import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOperationDoc, ApiPageResponse, Idempotent, Page, pageLimit } from '@perkrank/core';
import { type AuthUser, CurrentUser, Roles } from '@perkrank/identity';
import { AdminReportResponse, CreateReportDto, ReportListQuery, ReportResponse } from './report.dto';
import { ReportService } from './report.service';

@ApiTags('reports')
@ApiBearerAuth('bearer')
@Controller('v1')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Post('reports')
  @Idempotent()
  @ApiCreatedResponse({
    type: ReportResponse,
    description: 'Any signed-in user may report a campaign or a user',
  })
  @ApiErrors({ status: 404, description: 'report_subject_not_found' })
  @ApiOperationDoc({
    operationId: 'createReport',
    summary: 'Report a campaign or user',
    description: 'Files a report about a campaign or a user for the moderators. Any signed-in user.',
  })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateReportDto): Promise<ReportResponse> {
    return this.reports.create(user, body);
  }

  @Get('admin/reports')
  @Roles('admin')
  @ApiTags('admin')
  @ApiPageResponse(AdminReportResponse, 'Newest first')
  @ApiOperationDoc({
    operationId: 'listReports',
    summary: 'List reports',
    description: 'Lists reports filed by members, newest first. Admin only.',
  })
  list(@Query() query: ReportListQuery): Promise<Page<AdminReportResponse>> {
    return this.reports.list(pageLimit(query), query.cursor, query.subjectType);
  }
}
