import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiOperationDoc,
  ApiPageResponse,
  Clock,
  decodeCursor,
  IdParam,
  Optional,
  type Page,
  pageLimit,
  PageQuery,
  PostAction,
  toPage,
} from '@perkrank/core';
import { Roles } from '@perkrank/identity';
import { IsIn } from 'class-validator';
import { DataSource } from 'typeorm';
import { NotificationsException } from '../notifications.exception';
import { MAIL_KINDS, MAIL_STATUSES } from './mail-kinds';

export class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MAIL_STATUSES })
  @Optional()
  @IsIn(MAIL_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: MAIL_KINDS })
  @Optional()
  @IsIn(MAIL_KINDS)
  kind?: string;
}

export class OutboxMailResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MAIL_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String, description: 'Known once rendered' }) to: string | null;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ nullable: true, type: String }) html: string | null;
  @ApiProperty({
    enum: MAIL_STATUSES,
    description:
      'queued (waiting or retrying), sent, captured (no SMTP_URL: kept here only), skipped (turned off by the member), dead (retries used up)',
  })
  status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt: Date | null;
}

interface Row extends Omit<OutboxMailResponse, 'to'> {
  toAddress: string | null;
}

const COLUMNS = `id, kind, to_address AS "toAddress", language, subject, text_body AS text, html_body AS html, status,
  attempts, last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt"`;

const view = ({ toAddress, ...r }: Row): OutboxMailResponse => ({ ...r, to: toAddress });

@Injectable()
export class OutboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(query: OutboxQuery): Promise<Page<OutboxMailResponse>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [limit + 1];
    const where: string[] = ['TRUE'];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.kind) where.push(`kind = $${params.push(query.kind)}`);
    if (after)
      where.push(
        `(created_at, id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM mail_outbox WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
    return toPage(rows, limit, (r) => ({ at: new Date(r.createdAt).toISOString(), id: r.id }), view);
  }

  /** Puts a dead (or skipped) mail back in the queue, due now. */
  async retry(id: string): Promise<OutboxMailResponse> {
    const rows: Row[] = await this.db.query(
      `WITH x AS (
         UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = $2, last_error = NULL
          WHERE id = $1 AND status IN ('dead', 'skipped') RETURNING *
       )
       SELECT ${COLUMNS} FROM x`,
      [id, this.clock.now()],
    );
    if (rows[0]) return view(rows[0]);
    const exists: unknown[] = await this.db.query(`SELECT 1 FROM mail_outbox WHERE id = $1`, [id]);
    if (exists.length === 0)
      throw new NotificationsException('mail_not_found', 'No mail with this id was found.');
    throw new NotificationsException('mail_not_retryable', 'Only dead or skipped mails can be retried.');
  }
}

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('v1/admin/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @ApiPageResponse(
    OutboxMailResponse,
    'Every mail, newest first: sent, queued, captured (no SMTP_URL) and dead letters.',
  )
  @ApiOperationDoc({
    operationId: 'listOutboxMails',
    summary: 'List outbox mails',
    description:
      'Every mail PerkRank wrote, newest first, by cursor, with its status (queued, sent, captured without SMTP_URL, skipped, dead). Admin only.',
  })
  list(@Query() query: OutboxQuery): Promise<Page<OutboxMailResponse>> {
    return this.outbox.list(query);
  }

  @PostAction(':id/retry', { type: OutboxMailResponse, description: 'A dead (or skipped) mail queued again' })
  @ApiOperationDoc({
    operationId: 'retryOutboxMail',
    summary: 'Retry a dead mail',
    description: 'Queues a mail that ran out of attempts for sending again. Admin only.',
  })
  retry(@IdParam('id') id: string): Promise<OutboxMailResponse> {
    return this.outbox.retry(id);
  }
}
