/**
 * @perkrank/scores — the application side of scoring: runs that stream interactions out of
 * Postgres into the pure engine (@perkrank/scoring), the published score per member, the history,
 * and the score endpoints. The engine itself stays free of Nest and TypeORM.
 */
export * from './scores.module';
export * from './store/member-score.entity';
export * from './store/score-snapshot.entity';
export * from './scores.exception';
export * from './runs/scoring-run.entity';
export * from './runs/scoring-run.service';
export * from './runs/scoring-run.processor';
export * from './runs/run-graph';
export * from './runs/key-index';
export {
  SCORES_FIRST_PUBLISHED,
  ScoringRunRepository,
  type ScoresFirstPublishedPayload,
} from './runs/scoring-run.repository';
export * from './read-models/published-scores.view';
