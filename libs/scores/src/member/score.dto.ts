import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Optional } from '@perkrank/core';

export class ScoreComponentView {
  @ApiProperty({ description: 'The feature value (log scale, see GET /v1/scoring/model)', example: 1.42 })
  value: number;

  @ApiProperty({
    description: 'Points of the score this component carries; the four add up to the score',
    example: 21.4,
  })
  points: number;
}

export class ScoreComponentsView {
  @ApiProperty({ type: ScoreComponentView }) network: ScoreComponentView;
  @ApiProperty({ type: ScoreComponentView }) engagement: ScoreComponentView;
  @ApiProperty({ type: ScoreComponentView }) amplification: ScoreComponentView;
  @ApiProperty({ type: ScoreComponentView }) reach: ScoreComponentView;
}

export class ScoreAdjustmentView {
  @ApiProperty({ example: 'reciprocity_ring' }) kind: string;
  @ApiProperty({ example: 0.8, description: 'Multiplier applied to the raw score' }) factor: number;
  @ApiProperty() reason: string;
}

export class MyScoreResponse {
  @ApiProperty({ example: 57.3, minimum: 0, maximum: 100 }) score: number;
  @ApiProperty({ example: 88.1, minimum: 0, maximum: 100 }) percentile: number;
  @ApiProperty({ example: 'v1' }) modelVersion: string;
  @ApiProperty() computedAt: Date;
  @ApiProperty({ type: ScoreComponentsView }) components: ScoreComponentsView;
  @ApiProperty({ type: [ScoreAdjustmentView] }) adjustments: ScoreAdjustmentView[];
  @ApiProperty({ type: [String], example: ['Your posts are liked but rarely shared.'] }) tips: string[];
}

export class ScoreHistoryQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    default: 90,
    description: 'How many days back, today included',
  })
  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;
}

export class ModelUpdateView {
  @ApiProperty({ example: 'v1', description: 'The model of the snapshot before' }) from: string;
  @ApiProperty({ example: 'v2', description: 'The model of this day’s snapshot' }) to: string;
  @ApiProperty({
    example:
      'Scoring model updated from v1 to v2 (see GET /v1/scoring/model). Your published score moves towards the new model gradually: each day by at most 30 % of the difference.',
  })
  message: string;
}

export class ScoreHistoryPointView {
  @ApiProperty({ example: '2026-11-28', description: 'UTC day' }) date: string;
  @ApiProperty({ example: 57.3, description: 'The last score computed that day' }) score: number;
  @ApiPropertyOptional({
    type: ModelUpdateView,
    description: 'Present on a day the scoring model changed: "model updated", with what changed',
  })
  modelUpdate?: ModelUpdateView;
}

export class ScoreHistoryResponse {
  @ApiProperty({
    type: [ScoreHistoryPointView],
    description: 'One point per day that has a score, oldest first',
  })
  data: ScoreHistoryPointView[];
}
