import fc from 'fast-check';
import { ageOn, isAdult, parseCalendarDate } from './age';

const day = (iso: string): Date => new Date(`${iso}T12:00:00Z`);

describe('age rule', () => {
  it.each([
    ['2008-11-29', '2026-11-29', true],
    ['2008-11-30', '2026-11-29', false],
    ['2008-02-29', '2026-02-28', false],
    ['2008-02-29', '2026-03-01', true],
    ['1900-01-01', '2026-11-29', true],
    ['1850-01-01', '2026-11-29', false],
  ])('born %s, on %s adult: %s', (dob, today, adult) => {
    expect(isAdult(dob, day(today))).toBe(adult);
  });

  it('rejects dates that do not exist', () => {
    for (const bad of ['2001-02-29', '2001-13-01', '2001-00-10', '01-01-2001', '2001-1-1'])
      expect(parseCalendarDate(bad)).toBeUndefined();
  });

  it('ages by exactly one year per calendar year (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1920-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 80 }),
        (dob, years) => {
          const iso = dob.toISOString().slice(0, 10);
          const base = ageOn(iso, day('2030-06-15'))!;
          const later = new Date(Date.UTC(2030 + years, 5, 15));
          return ageOn(iso, later) === base + years;
        },
      ),
    );
  });
});
