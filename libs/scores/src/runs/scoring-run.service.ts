import { Injectable, Logger } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Clock, JobQueue, Page, keyAt, toPage, uuidv7 } from '@perkrank/core';
import { AuditLog, type AuthUser } from '@perkrank/identity';
import {
  CURRENT_MODEL,
  modelByVersion,
  modelChangeReport,
  pageRankThreads,
  scorePopulation,
  spikeFollowers,
  type ModelChangeReport,
  type PopulationScores,
  type ScoringModel,
} from '@perkrank/scoring';
import { InteractionRepository, Pseudonymizer, SocialAccountRepository, type Hash64 } from '@perkrank/social';
import { ScoresException } from '../scores.exception';
import { RunGraphBuilder } from './run-graph';
import {
  ScoringRun,
  type ScoringRunPhase,
  type ScoringRunPhases,
  type ScoringRunStatus,
  type ScoringRunTrigger,
} from './scoring-run.entity';
import { ScoringRunRepository, type PublishedScore } from './scoring-run.repository';

export const SCORES_RUN = 'scores.run';
const DAY_MS = 86_400_000;
/** A running run whose heartbeat is older than this was interrupted. */
const STALE_MS = 2 * 60_000;
/** Share of the progress bar each phase takes (measured on the 20M-interaction benchmark). */
const SPAN: Record<ScoringRunPhase, [number, number]> = {
  load: [0, 0.55],
  aggregate: [0.55, 0.7],
  compute: [0.7, 0.9],
  write: [0.9, 1],
};

export interface ScoringRunView {
  id: string;
  status: ScoringRunStatus;
  trigger: ScoringRunTrigger;
  phase: ScoringRunPhase | null;
  progress: number;
  members: number | null;
  nodes: number | null;
  edges: number | null;
  interactions: number | null;
  phases: ScoringRunPhases;
  modelVersion: string;
  asOf: Date;
  error: string | null;
  stats: Record<string, unknown> | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface RunProgress {
  phase: ScoringRunPhase;
  /** 0..1 over the whole run. */
  progress: number;
  phases: ScoringRunPhases;
  detail: string;
}

export interface ExecuteOptions {
  onProgress?: (progress: RunProgress) => void;
}

/** The model a run was created with; runs created before v2 existed name v1. */
function modelOf(run: ScoringRun): ScoringModel {
  const model = modelByVersion(run.modelVersion);
  if (!model) throw new Error(`run ${run.id} names an unknown model ${run.modelVersion}`);
  return model;
}

/**
 * Scoring runs: the nightly job, an admin's request and `npm run cli -- score:run` all end in
 * execute(), which streams the window's interactions out of Postgres into the engine and
 * publishes one snapshot per consenting member. Only the last step writes scores, in one
 * transaction, so a run that fails or dies leaves the previous scores in place.
 */
@Injectable()
export class ScoringRunService {
  private readonly logger = new Logger('ScoringRuns');

  constructor(
    private readonly runs: ScoringRunRepository,
    private readonly accounts: SocialAccountRepository,
    private readonly interactions: InteractionRepository,
    private readonly pseudonyms: Pseudonymizer,
    private readonly queue: JobQueue,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** POST /v1/admin/scoring/runs: queues a run for the worker (409 while one is queued or running). */
  async request(admin: AuthUser): Promise<{ id: string }> {
    const active = await this.runs.findActive(new Date(this.clock.now().getTime() - STALE_MS));
    if (active)
      throw new ScoresException('scoring_run_in_progress', 'A scoring run is already queued or running.', {
        details: { runId: active.id },
      });
    const run = await this.create('admin');
    await this.audit.record({
      actorId: admin.id,
      action: 'scoring.run',
      subjectType: 'scoring_run',
      subjectId: run.id,
    });
    await this.queue.send(SCORES_RUN, { runId: run.id });
    return { id: run.id };
  }

  /** `model`: the current model unless another published one is chosen (comparisons, CLI). */
  async create(
    trigger: ScoringRunTrigger,
    asOf?: Date,
    model: ScoringModel = CURRENT_MODEL,
  ): Promise<ScoringRun> {
    const now = this.clock.now();
    const run = Object.assign(new ScoringRun(), {
      id: uuidv7(),
      status: 'queued',
      trigger,
      asOf: asOf ?? now,
      modelVersion: model.version,
      phase: null,
      progress: 0,
      members: null,
      nodes: null,
      edges: null,
      interactions: null,
      phases: {},
      stats: null,
      error: null,
      createdAt: now,
      startedAt: null,
      heartbeatAt: null,
      finishedAt: null,
    } satisfies ScoringRun);
    await this.runs.insert(run);
    return run;
  }

  async get(id: string): Promise<ScoringRunView> {
    const run = await this.runs.findById(id);
    if (!run) throw new ScoresException('scoring_run_not_found', 'No scoring run with this id was found.');
    return this.view(run);
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<ScoringRunView>> {
    const rows = await this.runs.list(limit, cursor);
    return toPage(rows, limit, keyAt('createdAt'), (r) => this.view(r));
  }

  /** Creates and executes a run in this process (CLI, nightly schedule). */
  async runNow(
    trigger: ScoringRunTrigger,
    options: ExecuteOptions & { asOf?: Date; model?: ScoringModel } = {},
  ): Promise<ScoringRunView> {
    const run = await this.create(trigger, options.asOf, options.model);
    return this.execute(run.id, options);
  }

  /**
   * Finishes a run whose process died: it is still marked 'running' while nobody holds the run
   * lock (a live process running it would). Executes it again from the start; publishing is
   * idempotent per run, so scores are published once. Returns the run's id, or null.
   */
  async recoverInterrupted(): Promise<string | null> {
    const orphan = await this.runs.findRunning();
    if (!orphan || (await this.runs.runLockHeld())) return null;
    this.logger.warn(
      { runId: orphan.id },
      'scoring run left running by a process that stopped; running it again',
    );
    await this.execute(orphan.id);
    return orphan.id;
  }

  /**
   * Executes a run, one at a time across processes (an advisory lock held in a transaction). A job retried after
   * its worker died executes the same run again from the start; a finished run is left alone.
   */
  async execute(runId: string, options: ExecuteOptions = {}): Promise<ScoringRunView> {
    return this.runs.withRunLock(async () => {
      const run = await this.runs.findById(runId);
      if (!run) throw new ScoresException('scoring_run_not_found', 'No scoring run with this id was found.');
      if (run.status === 'succeeded') return this.view(run);
      const startedAt = this.clock.now();
      await this.runs.failInterrupted(run.id, startedAt);
      await this.runs.start(run.id, startedAt);
      const phases: ScoringRunPhases = {};
      const reporter = new ProgressReporter(this.runs, run.id, this.clock, phases, options.onProgress);
      try {
        const outcome = await this.compute(run, phases, reporter);
        await reporter.flush();
        await this.runs.succeed(run.id, { at: this.clock.now(), phases, ...outcome });
        this.logger.log(
          { runId: run.id, members: outcome.members, edges: outcome.edges, phases },
          'scoring run finished',
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await reporter.flush();
        await this.runs.fail(run.id, this.clock.now(), message, phases).catch(() => undefined);
        this.logger.error(
          { err: error, runId: run.id },
          'scoring run failed; the previous scores stay published',
        );
        throw error;
      }
      return this.get(run.id);
    });
  }

  private async compute(
    run: ScoringRun,
    phases: ScoringRunPhases,
    reporter: ProgressReporter,
  ): Promise<{
    members: number;
    nodes: number;
    edges: number;
    interactions: number;
    stats: Record<string, unknown>;
  }> {
    const model = modelOf(run);
    const asOf = run.asOf.getTime();
    const windowFrom = asOf - model.windowDays * DAY_MS;

    // Load: who is scored, their accounts and history, then every stored row of the window.
    let started = Date.now();
    reporter.phase('load', 0, 'reading members and accounts');
    const accountRows = await this.accounts.scoredAccounts();
    const userIds: string[] = [];
    const memberOf = new Int32Array(accountRows.length);
    for (let a = 0; a < accountRows.length; a++) {
      if (a === 0 || accountRows[a].userId !== accountRows[a - 1].userId) userIds.push(accountRows[a].userId);
      memberOf[a] = userIds.length - 1;
    }
    const series = await this.accounts.followerSeries(
      accountRows.map((a) => a.accountId),
      new Date(windowFrom),
    );
    const accounts = {
      member: memberOf,
      followers: Float64Array.from(accountRows, (a) => a.followers),
      following: Float64Array.from(accountRows, (a) => a.following),
      posts: Float64Array.from(accountRows, (a) => a.posts),
      spikeFollowers: Float64Array.from(accountRows, (a) => spikeFollowers(series.get(a.accountId) ?? [])),
    };
    const previous = await this.runs.publishedScores(userIds);
    const estimate = await this.interactions.estimateRows(windowFrom, asOf + DAY_MS);
    const graph = new RunGraphBuilder(
      userIds.length,
      asOf,
      model,
      Math.min(4_000_000, Math.max(1024, estimate / 10)),
    );
    const key: Hash64 = { hi: 0, lo: 0 };
    for (let a = 0; a < accountRows.length; a++) {
      const nativeId = accountRows[a].nativeId;
      if (nativeId === null) continue;
      this.pseudonyms.actor(accountRows[a].network, nativeId, key);
      graph.linkAccount(memberOf[a], key.hi, key.lo);
    }
    const rows = await this.interactions.stream(windowFrom, asOf + DAY_MS, (batch) => {
      graph.add(batch);
      reporter.phase(
        'load',
        estimate > 0 ? Math.min(1, graph.stats.rows / estimate) : 0,
        `${graph.stats.rows} interactions read`,
      );
    });
    phases.load = Date.now() - started;

    // Aggregate: the engine's decay, selectivity and per-day caps into weighted edges.
    started = Date.now();
    reporter.phase('aggregate', 0, `${graph.stats.kept} interactions in the window`);
    const interactions = graph.finish();
    phases.aggregate = Date.now() - started;

    // Compute: PageRank, features, adjustments, calibration, explanations.
    started = Date.now();
    reporter.phase('compute', 0, `${interactions.src.length} edges, ${interactions.nodeCount} nodes`);
    const members = Int32Array.from({ length: userIds.length }, (_, i) => i);
    const result: PopulationScores | undefined =
      userIds.length > 0
        ? scorePopulation(
            { interactions, members, accounts, previousScores: previous.score },
            { model, threads: pageRankThreads(interactions.src.length, availableParallelism()) },
          )
        : undefined;
    phases.compute = Date.now() - started;

    // Write: snapshots and published scores, in bulk, in one transaction.
    started = Date.now();
    reporter.phase('write', 0, `${userIds.length} members`);
    const published: PublishedScore[] = (result?.members ?? []).map((m) => ({
      userId: userIds[m.member],
      score: m.score,
      percentile: m.percentile,
      components: m.components,
      adjustments: m.adjustments,
      tips: m.tips,
    }));
    const written = await this.runs.publish(run.id, run.asOf, model.version, published);
    phases.write = Date.now() - started;
    reporter.phase('write', 1, `${written} scores published`);

    return {
      members: written,
      nodes: interactions.nodeCount,
      edges: interactions.src.length,
      interactions: rows,
      stats: {
        graph: graph.stats,
        pageRank: result?.stats.pageRank ?? null,
        distribution: result?.stats.distribution ?? null,
        adjusted: result?.stats.adjusted ?? null,
        calibration: result?.stats.calibration ?? null,
        modelChange: result ? modelChange(model, previous, result) : null,
      },
    };
  }

  private view(run: ScoringRun): ScoringRunView {
    const stale =
      run.status === 'running' &&
      (run.heartbeatAt === null || run.heartbeatAt.getTime() < this.clock.now().getTime() - STALE_MS);
    return {
      id: run.id,
      status: stale ? 'failed' : run.status,
      trigger: run.trigger,
      phase: run.phase,
      progress: run.progress,
      members: run.members,
      nodes: run.nodes,
      edges: run.edges,
      interactions: run.interactions,
      phases: run.phases,
      modelVersion: run.modelVersion,
      asOf: run.asOf,
      error: stale ? 'interrupted: no heartbeat from the process running it' : run.error,
      stats: run.stats,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    };
  }
}

/**
 * When members' published scores came from another model, the run reports how the change moves
 * them (the moving average still limits each member's step: see modelChangeReport).
 */
function modelChange(
  model: ScoringModel,
  previous: Awaited<ReturnType<ScoringRunRepository['publishedScores']>>,
  result: PopulationScores,
): ModelChangeReport | null {
  const others = [...previous.modelVersions.keys()].filter((v) => v !== model.version);
  if (others.length === 0) return null;
  const members = result.members;
  return modelChangeReport({
    from: others.sort().join('+'),
    to: model.version,
    previousScore: previous.score,
    previousPercentile: previous.percentile,
    daily: Float64Array.from(members, (m) => m.daily),
    published: Float64Array.from(members, (m) => m.score),
    percentile: Float64Array.from(members, (m) => m.percentile),
  });
}

/** Reports progress to the caller at once and to the run's row at most once a second (heartbeat). */
class ProgressReporter {
  private lastWrite = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly runs: ScoringRunRepository,
    private readonly runId: string,
    private readonly clock: Clock,
    private readonly phases: ScoringRunPhases,
    private readonly listener?: (progress: RunProgress) => void,
  ) {}

  /** Waits for the last heartbeat write, so it cannot land after the run's final state. */
  flush(): Promise<void> {
    return this.pending;
  }

  phase(phase: ScoringRunPhase, fraction: number, detail: string): void {
    const [from, to] = SPAN[phase];
    const progress = from + (to - from) * fraction;
    this.listener?.({ phase, progress, phases: { ...this.phases }, detail });
    const now = Date.now();
    if (now - this.lastWrite < 1000 && fraction < 1) return;
    this.lastWrite = now;
    this.pending = this.pending
      .then(() =>
        this.runs.progress(this.runId, { phase, progress, phases: { ...this.phases }, at: this.clock.now() }),
      )
      .catch(() => undefined);
  }
}
