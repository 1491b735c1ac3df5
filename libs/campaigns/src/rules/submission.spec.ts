import { type SubmissionInput, checkSubmission } from './submission';

const now = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;

const complete: SubmissionInput = {
  description: 'A night in a suite instead of a double room.',
  perk: { type: 'upgrade', valueMinor: 20_000, currency: 'EUR' },
  eligibility: { minScore: 60 },
  inventory: { total: 10, perUser: 1 },
  codes: { mode: 'generated', poolSize: 0 },
  schedule: { startsAt: new Date(now.getTime() - DAY), endsAt: new Date(now.getTime() + DAY) },
  claimTtlHours: 48,
};

describe('checkSubmission', () => {
  it('accepts a complete campaign', () => {
    expect(checkSubmission(complete, now)).toEqual([]);
  });

  it('names every missing part at once', () => {
    const problems = checkSubmission({ description: '   ' }, now);
    expect(problems.every((p) => p.code === 'required')).toBe(true);
    expect(problems.map((p) => p.field)).toEqual([
      'description',
      'perk.type',
      'eligibility.minScore',
      'inventory.total',
      'inventory.perUser',
      'codes.mode',
      'schedule.startsAt',
      'schedule.endsAt',
      'claimTtlHours',
    ]);
  });

  it.each([
    [0, 10, ['pool_too_small']],
    [9, 10, ['pool_too_small']],
    [10, 10, []],
    [25, 10, []],
  ])('pool mode with %i codes for a stock of %i', (poolSize, total, codes) => {
    const problems = checkSubmission(
      { ...complete, inventory: { total, perUser: 1 }, codes: { mode: 'pool', poolSize } },
      now,
    );
    expect(problems.map((p) => p.code)).toEqual(codes);
  });

  it('re-checks the draft rules against the clock: a window that has passed is invalid', () => {
    const problems = checkSubmission(
      {
        ...complete,
        schedule: { startsAt: new Date(now.getTime() - 2 * DAY), endsAt: new Date(now.getTime() - DAY) },
      },
      now,
    );
    expect(problems).toEqual([
      { field: 'schedule.endsAt', code: 'invalid', message: 'endsAt must be in the future' },
    ]);
  });
});
