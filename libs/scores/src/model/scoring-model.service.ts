import { Injectable } from '@nestjs/common';
import { CURRENT_MODEL, ScoringModel } from '@perkrank/scoring';
import { MemberScoreRepository } from '../member/member-score.repository';

export type PublishedModel = ScoringModel & { populationSize: number; computedAt: Date | null };

/** The model the engine runs is the model we publish: both read CURRENT_MODEL, so they cannot drift. */
@Injectable()
export class ScoringModelService {
  constructor(private readonly scores: MemberScoreRepository) {}

  async published(): Promise<PublishedModel> {
    const population = await this.scores.population();
    return { ...CURRENT_MODEL, populationSize: population.size, computedAt: population.computedAt };
  }
}
