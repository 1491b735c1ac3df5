import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQuery, Optional } from '@perkrank/core';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class SuspendDto {
  @ApiProperty({ example: 'Repeated fake redemption claims', minLength: 3, maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class GrantRoleDto {
  @ApiProperty({ enum: ['admin'] })
  @IsIn(['admin'])
  role: 'admin';
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of an email address' })
  @Optional()
  @IsString()
  @MaxLength(320)
  email?: string;
}

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'user.suspend' })
  @Optional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  subjectId?: string;
}

export class EnqueueJobDto {
  @ApiProperty({ example: 'maintenance.purge' })
  @IsString()
  @MaxLength(100)
  name: string;
}

export class AdminUserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ isArray: true, enum: ['influencer', 'brand', 'admin'] }) roles: string[];
  @ApiProperty({ enum: ['active', 'suspended'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) suspendedReason: string | null;
  @ApiProperty({ nullable: true, type: Date }) suspendedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class AuditEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty() action: string;
  @ApiProperty() subjectType: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subjectId: string | null;
  @ApiProperty({ type: Object, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() createdAt: Date;
}

export class JobResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] }) state: string;
  @ApiProperty() retryCount: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty({ type: Object, nullable: true }) output: unknown;
}
