import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { PageQuery } from '@perkrank/core';
import { REPORT_SUBJECT_TYPES, type ReportSubjectType } from './report.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_SUBJECT_TYPES })
  @IsIn(REPORT_SUBJECT_TYPES)
  subjectType: ReportSubjectType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  subjectId: string;

  @ApiProperty({ minLength: 3, maxLength: 2000, example: 'The hotel says it never offered this upgrade.' })
  @Transform(trim)
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class ReportListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REPORT_SUBJECT_TYPES })
  @ValidateIf((_o, value) => value !== undefined)
  @IsIn(REPORT_SUBJECT_TYPES)
  subjectType?: ReportSubjectType;
}

export class ReportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_SUBJECT_TYPES }) subjectType: ReportSubjectType;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty() reason: string;
  @ApiProperty() createdAt: Date;
}

export class AdminReportResponse extends ReportResponse {
  @ApiProperty({ format: 'uuid' }) reporterId: string;
  @ApiProperty() reporterDisplayName: string;
}
