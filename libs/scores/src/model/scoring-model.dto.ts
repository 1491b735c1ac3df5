import { ApiProperty } from '@nestjs/swagger';

const object = { type: 'object', additionalProperties: true } as const;

export class FeatureWeightsView {
  @ApiProperty({ example: 0.15 }) network: number;
  @ApiProperty({ example: 0.45 }) engagement: number;
  @ApiProperty({ example: 0.2 }) amplification: number;
  @ApiProperty({ example: 0.2 }) reach: number;
}

export class CalibrationKnotView {
  @ApiProperty({ example: 0.5, description: 'Population percentile as a fraction, 0..1' }) percentile: number;
  @ApiProperty({ example: 40 }) score: number;
}

export class CalibrationView {
  @ApiProperty({ type: [CalibrationKnotView] }) knots: CalibrationKnotView[];
  @ApiProperty() rule: string;
}

/** The published model in full (every constant the engine uses), plus the current population. */
export class ScoringModelResponse {
  @ApiProperty({ example: 'v2', description: 'The model scoring runs use now (docs/scoring.md)' })
  version: string;
  @ApiProperty({ example: 180, description: 'Interactions older than this are not counted' })
  windowDays: number;
  @ApiProperty({ example: 180 }) halfLifeDays: number;
  @ApiProperty({ description: 'How an interaction’s weight decays with age' }) decay: string;
  @ApiProperty({ ...object, description: 'Weight per interaction kind' }) kindWeights: Record<string, number>;
  @ApiProperty(object) selectivity: Record<string, unknown>;
  @ApiProperty() perTargetDailyCap: number;
  @ApiProperty(object) pageRank: Record<string, unknown>;
  @ApiProperty({ ...object, description: 'How each feature is computed' }) features: Record<string, string>;
  @ApiProperty(object) amplification: Record<string, unknown>;
  @ApiProperty(object) reach: Record<string, unknown>;
  @ApiProperty({ type: FeatureWeightsView }) weights: FeatureWeightsView;
  @ApiProperty() standardisation: string;
  @ApiProperty(object) adjustments: Record<string, unknown>;
  @ApiProperty({ type: CalibrationView }) calibration: CalibrationView;
  @ApiProperty(object) stability: Record<string, unknown>;
  @ApiProperty() publishedDecimals: number;

  @ApiProperty({ example: 12840, description: 'Members scored by the latest run (consenting members only)' })
  populationSize: number;

  @ApiProperty({ nullable: true, type: Date, description: 'When the latest published scores were computed' })
  computedAt: Date | null;
}
