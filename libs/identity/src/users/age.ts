/** Pure age rule: PerkRank is for adults only. Dates are calendar dates (YYYY-MM-DD, UTC). */
export const MINIMUM_AGE = 18;

export function parseCalendarDate(value: string): { y: number; m: number; d: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return { y, m, d };
}

/** Age in whole years on `today` (someone born on 29 February turns a year older on 1 March). */
export function ageOn(dateOfBirth: string, today: Date): number | undefined {
  const dob = parseCalendarDate(dateOfBirth);
  if (!dob) return undefined;
  const ty = today.getUTCFullYear();
  const tm = today.getUTCMonth() + 1;
  const td = today.getUTCDate();
  let age = ty - dob.y;
  if (tm < dob.m || (tm === dob.m && td < dob.d)) age -= 1;
  return age;
}

export function isAdult(dateOfBirth: string, today: Date): boolean {
  const age = ageOn(dateOfBirth, today);
  return age !== undefined && age >= MINIMUM_AGE && age < 150;
}
