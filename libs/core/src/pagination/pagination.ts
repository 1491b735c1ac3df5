import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppException } from '../errors/app.exception';
import { Optional } from '../errors/validation';

/** `?limit=&cursor=` paging (docs/api.md "Lists and cursors"). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (nextCursor).' })
  @Optional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** Keyset position: the sort value and the id of the last row returned, newest first. */
export interface CursorPosition {
  at: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Exactly what Date#toISOString() writes for years 0000–9999: the only form encodeCursor makes. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The one cursor decoder of every paginated endpoint. A cursor is accepted only if encodeCursor
 * could have made it: base64url of `[instant, uuid]`, the instant as toISOString() writes it (and
 * one that round-trips: no 30 February) and the id a UUID. Anything else is 400 `invalid_cursor`,
 * never a failed cast in SQL.
 */
export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalidCursor();
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !ISO_INSTANT.test(at) || !UUID.test(id))
    throw invalidCursor();
  const time = Date.parse(at);
  if (Number.isNaN(time) || new Date(time).toISOString() !== at) throw invalidCursor();
  return { at, id };
}

function invalidCursor(): AppException {
  return new AppException('invalid', 'invalid_cursor', 'The cursor is not one this API returned.', {
    param: 'cursor',
  });
}

export function pageLimit(query: PageQuery): number {
  return query.limit ?? 20;
}

/**
 * Builds a page from rows fetched with `limit + 1` (the extra row only says whether more exist).
 * `position` reads the keyset of a row.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  position: (row: R) => CursorPosition,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(map),
    hasMore,
    nextCursor: hasMore && last !== undefined ? encodeCursor(position(last)) : null,
  };
}

/** The keyset of a row sorted by its `field` instant, then id: `keyAt('createdAt')`. */
export const keyAt =
  <K extends string>(field: K) =>
  (row: { readonly id: string } & { readonly [P in K]: Date }): CursorPosition => ({
    at: row[field].toISOString(),
    id: row.id,
  });

/**
 * Reads one keyset page: decodes `query.cursor`, has `fetch` read the rows after that position
 * (a repository reads `limit + 1`, the extra row saying whether more exist) and builds the page.
 */
export async function readPage<R, T>(
  query: { limit: number; cursor?: string },
  fetch: (limit: number, after: CursorPosition | undefined) => Promise<R[]>,
  position: (row: R) => CursorPosition,
  map: (row: R) => T,
): Promise<Page<T>> {
  const rows = await fetch(query.limit, decodeCursor(query.cursor));
  return toPage(rows, query.limit, position, map);
}

/**
 * Sorts `query` by its main alias's `field` instant, then id (newest first, or oldest with
 * `'ASC'`), reads `limit + 1` rows (the extra row only says whether more exist) and starts after
 * `after`: the one keyset a repository's list reads. Filters may be added before or after.
 */
export function keysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  field: string,
  limit: number,
  after: CursorPosition | undefined,
  order: 'ASC' | 'DESC' = 'DESC',
): SelectQueryBuilder<T> {
  const [key, id] = [`${query.alias}.${field}`, `${query.alias}.id`];
  query
    .orderBy(key, order)
    .addOrderBy(id, order)
    .take(limit + 1);
  if (after)
    query.andWhere(`(${key}, ${id}) ${order === 'DESC' ? '<' : '>'} (:at, :id)`, {
      at: after.at,
      id: after.id,
    });
  return query;
}
