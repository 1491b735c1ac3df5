import { Injectable } from '@nestjs/common';
import { Clock } from '@perkrank/core';
import type { AuthUser } from '@perkrank/identity';
import { ScoringConsent } from '@perkrank/privacy';
import { FEATURE_NAMES, modelByVersion } from '@perkrank/scoring';
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

function modelUpdateMessage(update: { from: string; to: string }): string {
  const to = modelByVersion(update.to);
  const step = Math.round((to?.stability.emaAlpha ?? 0.3) * 100);
  return (
    `Scoring model updated from ${update.from} to ${update.to} (see GET /v1/scoring/model). Your published ` +
    `score moves towards the new model gradually: each day by at most ${step} % of the difference.`
  );
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
    const points = await this.scores.history(caller.id, new Date(today - (days - 1) * DAY_MS));
    return {
      data: points.map((p) =>
        p.modelUpdate === undefined
          ? { date: p.date, score: p.score }
          : {
              date: p.date,
              score: p.score,
              modelUpdate: { ...p.modelUpdate, message: modelUpdateMessage(p.modelUpdate) },
            },
      ),
    };
  }
}
