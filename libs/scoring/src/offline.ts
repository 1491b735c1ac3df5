/**
 * Offline scoring of an interaction dump and its validation on a past/future split. Pure: the CLI
 * reads the file (`InteractionLogParser`) and prints; everything measured lives here so tests and
 * benchmarks run the same code.
 *
 * Validation task (the one the MathOverflow data README defines): the past window is every row
 * before `split`, the future window `[split, end)`; self-interactions are skipped in both. The
 * population is every node that received something in the past window, in the order it first
 * did; the target is how many interactions each receives in the future window. Metrics: Spearman ρ
 * with average ranks for ties, and top-k overlap |top-k by predictor ∩ top-k by target| / k with
 * k = ⌊fraction × population⌋ (at least 1), ties in either order broken by population order.
 */
import { EdgeAggregator } from './edge-aggregator';
import type { InteractionLog } from './interaction-log';
import { FEATURE_NAMES, type InteractionKind, type ScoringModel } from './model';
import { scorePopulation, type PopulationScores } from './score-population';

const NO_ACCOUNTS = {
  member: new Int32Array(0),
  followers: new Float64Array(0),
  following: new Float64Array(0),
  posts: new Float64Array(0),
  spikeFollowers: new Float64Array(0),
};

export interface LogScores {
  /** Log node id of each scored member, in order of the first interaction they received. */
  readonly members: Int32Array;
  readonly scores: PopulationScores;
  /** Rows at or after `now`, not used. */
  readonly rowsAfterNow: number;
  readonly selfInteractions: number;
}

/**
 * Scores every node that received an interaction before `now` (unix seconds) with `model`, from
 * the rows before `now` only. There is no follower data in a dump, so reach is 0 for everyone
 * (and amplification too when the dump has no shares).
 */
export function scoreLog(log: InteractionLog, now: number, model: ScoringModel): LogScores {
  const { actor, target, time, kind, rows } = log;
  const local = new Int32Array(log.ids.length).fill(-1);
  const isMember = new Uint8Array(log.ids.length);
  const members: number[] = [];
  let nodes = 0;
  let after = 0;
  let self = 0;
  for (let i = 0; i < rows; i++) {
    if (!(time[i] < now)) {
      after++;
      continue;
    }
    const a = actor[i];
    const t = target[i];
    if (a === t) {
      self++;
      continue;
    }
    if (local[a] < 0) local[a] = nodes++;
    if (local[t] < 0) local[t] = nodes++;
    if (isMember[t] === 0) {
      isMember[t] = 1;
      members.push(t);
    }
  }
  const aggregator = new EdgeAggregator({ nodeCount: nodes, now: now * 1000, model });
  for (let i = 0; i < rows; i++) {
    if (time[i] < now && actor[i] !== target[i]) {
      aggregator.add(local[actor[i]], local[target[i]], kind[i] as InteractionKind, time[i] * 1000);
    }
  }
  const memberNodes = Int32Array.from(members, (m) => local[m]);
  const scores = scorePopulation(
    { interactions: aggregator.finish(), members: memberNodes, accounts: NO_ACCOUNTS },
    { model },
  );
  return { members: Int32Array.from(members), scores, rowsAfterNow: after, selfInteractions: self };
}

// ---- metrics --------------------------------------------------------------------------------------

/** Ranks 0..n−1, ties sharing their average rank. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[x] - values[y]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const mid = (i + j) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = mid;
    i = j + 1;
  }
  return ranks;
}

/** Spearman's ρ with average ranks for ties; NaN when either side is constant. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += rx[i];
    my += ry[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = rx[i] - mx;
    const b = ry[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Indices of the k largest values; ties keep index order (a stable sort). */
function topIndices(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((a, b) => values[b] - values[a])
    .slice(0, k);
}

/** |top-k by predictor ∩ top-k by target| / k, k = ⌊fraction × n⌋ but at least 1. */
export function topOverlap(
  predictor: ArrayLike<number>,
  target: ArrayLike<number>,
  fraction: number,
): number {
  const k = Math.max(1, Math.floor(predictor.length * fraction));
  const byTarget = new Set(topIndices(target, k));
  let both = 0;
  for (const i of topIndices(predictor, k)) if (byTarget.has(i)) both++;
  return both / k;
}

// ---- the task -------------------------------------------------------------------------------------

export interface ValidationTask {
  /** Node ids of the population, in order of the first interaction received in the past window. */
  readonly population: Int32Array;
  /** Future interactions received, per population member. */
  readonly future: Float64Array;
  readonly pastInteractions: number;
  readonly futureInteractions: number;
  /** Future receivers, and how many of them are in the population. */
  readonly futureReceivers: number;
  readonly futureReceiversInPopulation: number;
}

export function validationTask(log: InteractionLog, split: number, end: number): ValidationTask {
  const { actor, target, time, rows } = log;
  const n = log.ids.length;
  const isMember = new Uint8Array(n);
  const futureOf = new Float64Array(n);
  const population: number[] = [];
  let past = 0;
  let fut = 0;
  for (let i = 0; i < rows; i++) {
    const t = target[i];
    if (actor[i] === t) continue;
    if (time[i] < split) {
      past++;
      if (isMember[t] === 0) {
        isMember[t] = 1;
        population.push(t);
      }
    } else if (time[i] < end) {
      fut++;
      futureOf[t]++;
    }
  }
  let receivers = 0;
  let inPopulation = 0;
  for (let v = 0; v < n; v++) {
    if (futureOf[v] > 0) {
      receivers++;
      if (isMember[v] === 1) inPopulation++;
    }
  }
  return {
    population: Int32Array.from(population),
    future: Float64Array.from(population, (v) => futureOf[v]),
    pastInteractions: past,
    futureInteractions: fut,
    futureReceivers: receivers,
    futureReceiversInPopulation: inPopulation,
  };
}

export interface PredictorRow {
  readonly name: string;
  readonly kind: 'model' | 'component' | 'baseline';
  readonly values: Float64Array;
}

export interface MetricRow {
  readonly name: string;
  readonly kind: PredictorRow['kind'];
  readonly rho: number;
  readonly top1: number;
  readonly top01: number;
}

const BASELINE_DAMPING = 0.85;
const BASELINE_ITERATIONS = 60;

/**
 * The baselines of the data README, computed exactly as its `baselines.mjs` does (same node
 * numbering, edge order and iteration count, so the same bits): interactions received, distinct
 * engagers, PageRank (every interaction one unit, and distinct pairs) and interactions received
 * in the last `recentDays` before the split.
 */
export function baselinePredictors(
  log: InteractionLog,
  task: ValidationTask,
  split: number,
  recentDays = 90,
): PredictorRow[] {
  const { actor, target, time, rows } = log;
  const n = log.ids.length;
  const dense = new Int32Array(n).fill(-1);
  let nodes = 0;
  const src: number[] = [];
  const dst: number[] = [];
  const received = new Float64Array(n);
  const recent = new Float64Array(n);
  const engagers = new Map<number, Set<number>>();
  const recentFrom = split - recentDays * 86400;
  for (let i = 0; i < rows; i++) {
    const a = actor[i];
    const t = target[i];
    if (!(time[i] < split) || a === t) continue;
    if (dense[a] < 0) dense[a] = nodes++;
    if (dense[t] < 0) dense[t] = nodes++;
    src.push(dense[a]);
    dst.push(dense[t]);
    received[t]++;
    if (time[i] >= recentFrom) recent[t]++;
    let set = engagers.get(t);
    if (set === undefined) engagers.set(t, (set = new Set()));
    set.add(a);
  }
  const multi = baselinePageRank(nodes, src, dst);
  const seen = new Set<number>();
  const ps: number[] = [];
  const pd: number[] = [];
  for (let e = 0; e < src.length; e++) {
    const key = src[e] * nodes + dst[e];
    if (!seen.has(key)) {
      seen.add(key);
      ps.push(src[e]);
      pd.push(dst[e]);
    }
  }
  const pairs = baselinePageRank(nodes, ps, pd);
  const pop = task.population;
  const of = (f: (v: number) => number): Float64Array => Float64Array.from(pop, f);
  return [
    { name: 'interactions received', kind: 'baseline', values: of((v) => received[v]) },
    { name: 'distinct engagers', kind: 'baseline', values: of((v) => engagers.get(v)?.size ?? 0) },
    { name: 'PageRank, unweighted', kind: 'baseline', values: of((v) => multi[dense[v]]) },
    { name: 'PageRank, distinct pairs', kind: 'baseline', values: of((v) => pairs[dense[v]]) },
    {
      name: `interactions received, last ${recentDays} days`,
      kind: 'baseline',
      values: of((v) => recent[v]),
    },
  ];
}

/** Plain power iteration as in the README's baselines (not the engine's kernel). */
function baselinePageRank(n: number, src: readonly number[], dst: readonly number[]): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < src.length; i++) out[src[i]] += 1;
  let r = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let it = 0; it < BASELINE_ITERATIONS; it++) {
    let dangling = 0;
    for (let v = 0; v < n; v++) if (out[v] === 0) dangling += r[v];
    next.fill((1 - BASELINE_DAMPING + BASELINE_DAMPING * dangling) / n);
    for (let i = 0; i < src.length; i++) next[dst[i]] += (BASELINE_DAMPING * r[src[i]]) / out[src[i]];
    [r, next] = [next, r];
  }
  return r;
}

/** A model's published score and raw value, and each of its components alone (feature values). */
export function modelPredictors(
  log: InteractionLog,
  task: ValidationTask,
  split: number,
  model: ScoringModel,
): PredictorRow[] {
  const scored = scoreLog(log, split, model);
  if (scored.members.length !== task.population.length) throw new Error('population mismatch');
  const members = scored.scores.members;
  const rows: PredictorRow[] = [
    { name: `score ${model.version}`, kind: 'model', values: Float64Array.from(members, (m) => m.score) },
    { name: `raw ${model.version}`, kind: 'model', values: Float64Array.from(members, (m) => m.raw) },
  ];
  for (const f of FEATURE_NAMES) {
    rows.push({
      name: `${model.version} ${f} alone`,
      kind: 'component',
      values: Float64Array.from(members, (m) => m.components[f].value),
    });
  }
  return rows;
}

export function measure(row: PredictorRow, future: Float64Array): MetricRow {
  return {
    name: row.name,
    kind: row.kind,
    rho: spearman(row.values, future),
    top1: topOverlap(row.values, future, 0.01),
    top01: topOverlap(row.values, future, 0.001),
  };
}

export interface ValidationReport {
  readonly split: number;
  readonly end: number;
  readonly task: Omit<ValidationTask, 'population' | 'future'> & { readonly population: number };
  readonly rows: MetricRow[];
}

export function validateLog(
  log: InteractionLog,
  split: number,
  end: number,
  models: readonly ScoringModel[],
  recentDays = 90,
): ValidationReport {
  if (!(end > split)) throw new RangeError('end must be after split');
  const task = validationTask(log, split, end);
  const predictors: PredictorRow[] = [];
  if (task.population.length > 0) {
    for (const model of models) predictors.push(...modelPredictors(log, task, split, model));
    predictors.push(...baselinePredictors(log, task, split, recentDays));
  }
  const { population, future, ...counts } = task;
  return {
    split,
    end,
    task: { ...counts, population: population.length },
    rows: predictors.map((p) => measure(p, future)),
  };
}
