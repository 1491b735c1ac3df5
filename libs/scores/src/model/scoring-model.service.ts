import { Injectable } from '@nestjs/common';
import { MODEL_V1, ScoringModel } from '@perkrank/scoring';
import { MemberScoreRepository } from '../member/member-score.repository';

export type PublishedModel = ScoringModel & { populationSize: number; computedAt: Date | null };

/** The model the engine runs is the model we publish: both read MODEL_V1, so they cannot drift. */
@Injectable()
export class ScoringModelService {
  constructor(private readonly scores: MemberScoreRepository) {}

  async published(): Promise<PublishedModel> {
    const population = await this.scores.population();
    return { ...MODEL_V1, populationSize: population.size, computedAt: population.computedAt };
  }
}
