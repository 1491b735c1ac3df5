import { randomUUID } from 'node:crypto';
import { ScoreSnapshot } from '@perkrank/scores';
import type { TestApp } from './app';

export interface SnapshotInput {
  score?: number;
  percentile?: number;
  computedAt?: Date;
  modelVersion?: string;
  components?: ScoreSnapshot['components'];
  adjustments?: ScoreSnapshot['adjustments'];
  tips?: string[];
}

const WEIGHTS = { network: 0.35, engagement: 0.25, amplification: 0.2, reach: 0.2 } as const;

/** Points per component that add up to `score` exactly (in tenths), as the engine's explanation does. */
export function pointsFor(score: number): ScoreSnapshot['components'] {
  const tenths = Math.round(score * 10);
  const names = Object.keys(WEIGHTS) as Array<keyof typeof WEIGHTS>;
  const components: ScoreSnapshot['components'] = {};
  let given = 0;
  names.forEach((name, i) => {
    const share = i === names.length - 1 ? tenths - given : Math.round(tenths * WEIGHTS[name]);
    given += share;
    components[name] = { value: Number((WEIGHTS[name] * 3).toFixed(3)), points: share / 10 };
  });
  return components;
}

/**
 * A score snapshot for `user` as a scoring run writes it, inserted through the real tables: the
 * snapshot row, and the member's published score when this snapshot is their newest. It does not
 * check consent — tests use that to prove the read side checks it.
 */
export async function newScoreSnapshot(
  t: TestApp,
  user: { id: string },
  input: SnapshotInput = {},
): Promise<ScoreSnapshot> {
  const score = input.score ?? 42.5;
  const snapshot: ScoreSnapshot = Object.assign(new ScoreSnapshot(), {
    id: randomUUID(),
    userId: user.id,
    runId: null,
    score,
    percentile: input.percentile ?? 55.5,
    components: input.components ?? pointsFor(score),
    adjustments: input.adjustments ?? [],
    tips: input.tips ?? ['Your posts are liked but rarely shared.'],
    modelVersion: input.modelVersion ?? 'v1',
    computedAt: input.computedAt ?? t.clock.now(),
  });
  await t.dataSource.getRepository(ScoreSnapshot).insert(snapshot);
  await t.dataSource.query(
    `INSERT INTO member_scores (user_id, score, percentile, model_version, run_id, computed_at)
     VALUES ($1, $2, $3, $4, NULL, $5)
     ON CONFLICT (user_id) DO UPDATE SET score = EXCLUDED.score, percentile = EXCLUDED.percentile,
       model_version = EXCLUDED.model_version, computed_at = EXCLUDED.computed_at
     WHERE member_scores.computed_at <= EXCLUDED.computed_at`,
    [user.id, snapshot.score, snapshot.percentile, snapshot.modelVersion, snapshot.computedAt],
  );
  return snapshot;
}
