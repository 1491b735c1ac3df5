import { ApiProperty } from '@nestjs/swagger';

class RunPhasesResponse {
  @ApiProperty({ required: false, description: 'ms reading members, accounts and the stored interactions' })
  load?: number;
  @ApiProperty({ required: false, description: 'ms turning interactions into weighted edges' })
  aggregate?: number;
  @ApiProperty({ required: false, description: 'ms of PageRank, features, calibration and explanations' })
  compute?: number;
  @ApiProperty({ required: false, description: 'ms writing snapshots and published scores' }) write?: number;
}

export class ScoringRunCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class ScoringRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status: string;
  @ApiProperty({ enum: ['schedule', 'admin', 'cli'] }) trigger: string;
  @ApiProperty({ enum: ['load', 'aggregate', 'compute', 'write'], nullable: true, type: String }) phase:
    string | null;
  @ApiProperty({ minimum: 0, maximum: 1 }) progress: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Members scored and published' }) members:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Members plus pseudonymous actors' }) nodes:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Weighted actor → target edges' }) edges:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Stored interactions read' }) interactions:
    number | null;
  @ApiProperty({ type: RunPhasesResponse }) phases: RunPhasesResponse;
  @ApiProperty() modelVersion: string;
  @ApiProperty({ description: 'The scoring time; the window is the 90 days before it' }) asOf: Date;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'PageRank convergence, distribution, adjustments',
  })
  stats: Record<string, unknown> | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
}
