import { Injectable } from '@nestjs/common';
import { Clock } from '@perkrank/core';
import type { AuthUser } from '@perkrank/identity';
import { ScoringConsent } from '@perkrank/privacy';
import { FEATURE_NAMES } from '@perkrank/scoring';
import { ScoresException } from '../scores.exception';
import type { ScoreSnapshot } from '../store/score-snapshot.entity';
import { MemberScoreRepository } from './member-score.repository';
import type { MyScoreResponse, ScoreComponentsView, ScoreHistoryResponse } from './score.dto';

const DAY_MS = 86_400_000;
export const DEFAULT_HISTORY_DAYS = 90;

function componentsOf(snapshot: ScoreSnapshot): ScoreComponentsView {
  const components = {} as ScoreComponentsView;
  for (const name of FEATURE_NAMES) {
    const stored = snapshot.components[name];
    components[name] = { value: stored?.value ?? 0, points: stored?.points ?? 0 };
  }
  return components;
}

/** The caller's own score. Consent is checked on every read, not only when runs write. */
@Injectable()
export class ScoreService {
  constructor(
    private readonly scores: MemberScoreRepository,
    private readonly consent: ScoringConsent,
    private readonly clock: Clock,
  ) {}

  async mine(caller: AuthUser): Promise<MyScoreResponse> {
    const snapshot = (await this.consent.isGiven(caller.id))
      ? await this.scores.latestSnapshot(caller.id)
      : null;
    if (!snapshot)
      throw new ScoresException(
        'score_not_available',
        'You have no score yet: it appears after the first scoring run that includes you (scoring needs your consent and a verified social account).',
      );
    return {
      score: snapshot.score,
      percentile: snapshot.percentile,
      modelVersion: snapshot.modelVersion,
      computedAt: snapshot.computedAt,
      components: componentsOf(snapshot),
      adjustments: snapshot.adjustments.map((a) => ({ kind: a.kind, factor: a.factor, reason: a.reason })),
      tips: snapshot.tips,
    };
  }

  /** One point per UTC day (its last snapshot) for the last `days` days, today included. */
  async history(caller: AuthUser, days = DEFAULT_HISTORY_DAYS): Promise<ScoreHistoryResponse> {
    if (!(await this.consent.isGiven(caller.id))) return { data: [] };
    const now = this.clock.now();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return { data: await this.scores.history(caller.id, new Date(today - (days - 1) * DAY_MS)) };
  }
}
