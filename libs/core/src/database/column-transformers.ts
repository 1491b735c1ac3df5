import type { ValueTransformer } from 'typeorm';

/**
 * For `bigint` columns holding counts and money: pg hands bigint back as a string (it may not fit
 * a JS number); ours stay far below 2^53 (Number.MAX_SAFE_INTEGER), so they are read as numbers.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined): number | null | undefined => value,
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};
