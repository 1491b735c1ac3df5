import { ApiProperty } from '@nestjs/swagger';

export class PersonalDataExportResponse {
  @ApiProperty({ example: 'perkrank-export/1' }) format: string;
  @ApiProperty() exportedAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Email, display name, roles, status, dates',
  })
  account: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) profile: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) privacy: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) sessions: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Brand memberships' })
  brands: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) socialAccounts: unknown[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '`published` (the current score, or null) and `snapshots` (every stored score with its explanation)',
  })
  scores: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Audit entries they made or that are about them',
  })
  auditLog: unknown[];
}
