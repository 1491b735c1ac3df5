import fc from 'fast-check';
import { parseInteractionLog } from './interaction-log';
import { MODEL_V2 } from './model';
import { averageRanks, scoreLog, spearman, topOverlap, validationTask } from './offline';

describe('validation metrics', () => {
  it('gives ties their average rank', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30, 20]))).toEqual([0.5, 2.5, 0.5, 4, 2.5]);
  });

  it('computes Spearman ρ: 1 for the same order, −1 reversed, NaN when one side is constant', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    // With ties: the Pearson correlation of the average ranks.
    expect(spearman([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486832980505138, 12);
  });

  it('is invariant under monotone transformations of the predictor', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { minLength: 3, maxLength: 60 }), (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const r = spearman(x, y);
        const s = spearman(
          x.map((v) => Math.log1p(v) * 3 + 1),
          y,
        );
        if (Number.isNaN(r)) expect(s).toBeNaN();
        else expect(s).toBeCloseTo(r, 12);
      }),
    );
  });

  it('measures top-k overlap with ties broken by population order', () => {
    // k = floor(0.5 × 4) = 2; predictor top-2 = {0, 1} (tie on 5 keeps order), target top-2 = {1, 3}.
    expect(topOverlap([5, 5, 5, 1], [0, 9, 1, 8], 0.5)).toBe(0.5);
    // k is at least 1.
    expect(topOverlap([1, 2, 3], [3, 2, 1], 0.001)).toBe(0);
    expect(topOverlap([3, 2, 1], [3, 2, 1], 0.001)).toBe(1);
  });
});

describe('the validation task and offline scoring', () => {
  const log = parseInteractionLog(
    [
      'a\tb\t100\treply',
      'c\td\t150\tcomment',
      'b\tb\t160\treply',
      'a\td\t200\tanswer',
      'e\tf\t300\treply',
      'x\tb\t310\treply',
    ].join('\n'),
  );

  it('takes the population from the past window in order of first receipt, self-interactions skipped', () => {
    const task = validationTask(log, 250, 400);
    expect(Array.from(task.population, (v) => log.ids[v])).toEqual(['b', 'd']);
    expect(Array.from(task.future)).toEqual([1, 0]);
    expect(task.futureReceivers).toBe(2);
    expect(task.futureReceiversInPopulation).toBe(1);
  });

  it('scores every target that received something before now, and only from rows before now', () => {
    const scored = scoreLog(log, 250, MODEL_V2);
    expect(Array.from(scored.members, (v) => log.ids[v])).toEqual(['b', 'd']);
    expect(scored.rowsAfterNow).toBe(2);
    expect(scored.selfInteractions).toBe(1);
    // d has two engagers, b one: d scores higher.
    expect(scored.scores.members[1].score).toBeGreaterThan(scored.scores.members[0].score);
  });
});
