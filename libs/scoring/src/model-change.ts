/**
 * A model change is a product event: members' scores move for reasons that are not theirs. This
 * report says how much they move — the distribution of changes of the published score (what
 * members see, after the moving average) and of the daily score (what the new model alone says),
 * how many members the moving average held back, and the largest movers by percentile — and names
 * nobody: movers are described by where they stood and where they land.
 */
import { quantileOfSorted, sortedCopy } from './robust-stats';

export interface ModelChangeInput {
  readonly from: string;
  readonly to: string;
  /** Per member: the score published under the old model (NaN: none, left out of the report). */
  readonly previousScore: ArrayLike<number>;
  /** Per member: the percentile (0–100) published under the old model. */
  readonly previousPercentile: ArrayLike<number>;
  /** Per member: today's score under the new model, before the moving average. */
  readonly daily: ArrayLike<number>;
  /** Per member: the score published now (the moving average of daily and previous). */
  readonly published: ArrayLike<number>;
  /** Per member: the percentile (0–100) under the new model. */
  readonly percentile: ArrayLike<number>;
  /** How many movers to list each way (default 10). */
  readonly movers?: number;
}

export interface ChangeDistribution {
  readonly p1: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly meanAbsolute: number;
  /** Share of members moving by more than 5 points either way. */
  readonly beyond5: number;
}

export interface Mover {
  readonly previousPercentile: number;
  readonly percentile: number;
  readonly previousScore: number;
  readonly daily: number;
  readonly published: number;
}

export interface PercentileBand {
  /** Old-model percentile band, e.g. [90, 99). */
  readonly from: number;
  readonly to: number;
  readonly members: number;
  readonly meanPublishedChange: number;
  readonly meanDailyChange: number;
}

export interface ModelChangeReport {
  readonly from: string;
  readonly to: string;
  /** Members with a score under both models. */
  readonly members: number;
  /** published − previous: what members see today. */
  readonly published: ChangeDistribution;
  /** daily − previous: where the moving average is heading. */
  readonly daily: ChangeDistribution;
  /** Members whose published change is smaller than the new model alone would make it. */
  readonly heldBackByMovingAverage: number;
  readonly bands: readonly PercentileBand[];
  /** Largest percentile gains and losses. */
  readonly risers: readonly Mover[];
  readonly fallers: readonly Mover[];
}

const BANDS = [0, 25, 50, 75, 90, 99, 100.0001];

const round2 = (x: number): number => Math.round(x * 100) / 100;

function distribution(changes: Float64Array): ChangeDistribution {
  const sorted = sortedCopy(changes);
  let abs = 0;
  let beyond = 0;
  for (const c of changes) {
    abs += Math.abs(c);
    if (Math.abs(c) > 5) beyond++;
  }
  const n = changes.length;
  const at = (p: number): number => (n === 0 ? 0 : round2(quantileOfSorted(sorted, p)));
  return {
    p1: at(0.01),
    p10: at(0.1),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    meanAbsolute: n === 0 ? 0 : round2(abs / n),
    beyond5: n === 0 ? 0 : round2(beyond / n),
  };
}

export function modelChangeReport(input: ModelChangeInput): ModelChangeReport {
  const { previousScore, previousPercentile, daily, published, percentile } = input;
  const compared: number[] = [];
  for (let i = 0; i < published.length; i++) if (!Number.isNaN(previousScore[i])) compared.push(i);
  const publishedChange = Float64Array.from(compared, (i) => published[i] - previousScore[i]);
  const dailyChange = Float64Array.from(compared, (i) => daily[i] - previousScore[i]);
  let held = 0;
  for (let k = 0; k < compared.length; k++) {
    if (Math.abs(publishedChange[k]) < Math.abs(dailyChange[k]) - 0.05) held++;
  }
  const bands: PercentileBand[] = [];
  for (let b = 0; b + 1 < BANDS.length; b++) {
    let members = 0;
    let pub = 0;
    let day = 0;
    for (let k = 0; k < compared.length; k++) {
      const p = previousPercentile[compared[k]];
      if (p >= BANDS[b] && p < BANDS[b + 1]) {
        members++;
        pub += publishedChange[k];
        day += dailyChange[k];
      }
    }
    bands.push({
      from: BANDS[b],
      to: Math.min(100, BANDS[b + 1]),
      members,
      meanPublishedChange: members === 0 ? 0 : round2(pub / members),
      meanDailyChange: members === 0 ? 0 : round2(day / members),
    });
  }
  const mover = (i: number): Mover => ({
    previousPercentile: round2(previousPercentile[i]),
    percentile: round2(percentile[i]),
    previousScore: previousScore[i],
    daily: round2(daily[i]),
    published: published[i],
  });
  // Ties by member order, so the report is deterministic.
  const byMove = [...compared].sort(
    (a, b) => percentile[b] - previousPercentile[b] - (percentile[a] - previousPercentile[a]) || a - b,
  );
  const count = Math.min(input.movers ?? 10, Math.floor(byMove.length / 2));
  return {
    from: input.from,
    to: input.to,
    members: compared.length,
    published: distribution(publishedChange),
    daily: distribution(dailyChange),
    heldBackByMovingAverage: held,
    bands,
    risers: byMove.slice(0, count).map(mover),
    fallers: byMove
      .slice(byMove.length - count)
      .reverse()
      .map(mover),
  };
}
