/**
 * Stability: the published score is an exponential moving average of daily scores, so one odd day
 * (or a model change) moves it by at most 30 % of the difference.
 */
import { MODEL_V1, type ScoringModel } from './model';

/** The score to publish today, given today's calibrated score and the previous published one, if any. */
export function smoothScore(
  today: number,
  previous: number | undefined,
  model: ScoringModel = MODEL_V1,
): number {
  if (previous === undefined || Number.isNaN(previous)) return today;
  const alpha = model.stability.emaAlpha;
  return alpha * today + (1 - alpha) * previous;
}

/** Rounds to the published precision (one decimal). */
export function roundScore(score: number, model: ScoringModel = MODEL_V1): number {
  const scale = 10 ** model.publishedDecimals;
  return Math.round(score * scale) / scale;
}
