import { exceptionFor, type ErrorTable } from '@perkrank/core';

/** Every error the scores context raises, with its HTTP kind. The filter maps kinds to statuses. */
const CODES = {
  score_not_available: 'not_found',
  profile_not_found: 'not_found',
  scoring_run_not_found: 'not_found',
  scoring_run_in_progress: 'conflict',
} as const satisfies ErrorTable;

export type ScoresErrorCode = keyof typeof CODES;

export class ScoresException extends exceptionFor(CODES) {}
