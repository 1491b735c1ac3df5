import { Injectable } from '@nestjs/common';
import { Clock, Page, keyAt, readPage, uuidv7 } from '@perkrank/core';
import { type AuthUser, UserRepository } from '@perkrank/identity';
import { CampaignException } from '../campaign.exception';
import { CampaignRepository } from '../campaigns/campaign.repository';
import type { AdminReportResponse, CreateReportDto, ReportResponse } from './report.dto';
import { Report, type ReportSubjectType } from './report.entity';
import { ReportRepository } from './report.repository';

/** Reports from any user about a campaign or a user, for the moderators. */
@Injectable()
export class ReportService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly campaigns: CampaignRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async create(caller: AuthUser, input: CreateReportDto): Promise<ReportResponse> {
    if (!(await this.subjectIsVisible(input.subjectType, input.subjectId))) {
      throw new CampaignException(
        'report_subject_not_found',
        `No ${input.subjectType} with this id was found.`,
        {
          param: 'subjectId',
        },
      );
    }
    const report: Report = Object.assign(new Report(), {
      id: uuidv7(),
      reporterId: caller.id,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      reason: input.reason,
      createdAt: this.clock.now(),
    });
    await this.reports.insert(report);
    const { id, subjectType, subjectId, reason, createdAt } = report;
    return { id, subjectType, subjectId, reason, createdAt };
  }

  async list(
    limit: number,
    cursor: string | undefined,
    subjectType: ReportSubjectType | undefined,
  ): Promise<Page<AdminReportResponse>> {
    return readPage(
      { limit, cursor },
      (take, after) => this.reports.list(take, after, subjectType),
      keyAt('createdAt'),
      (r) => r,
    );
  }

  /**
   * Only what the reporter could have seen: a campaign that was published at some point (a draft
   * of another brand stays unknown), or any user.
   */
  private async subjectIsVisible(type: ReportSubjectType, id: string): Promise<boolean> {
    switch (type) {
      case 'campaign': {
        const campaign = await this.campaigns.findById(id);
        return campaign !== null && campaign.approvedAt !== null;
      }
      case 'user':
        return (await this.users.findById(id)) !== null;
    }
  }
}
