import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppException } from '../errors/app.exception';

/** `?limit=&cursor=` paging (docs/api.md "Lists and cursors"). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (nextCursor).' })
  @IsOptional()
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

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string'
    ) {
      if (!Number.isNaN(Date.parse(parsed[0]))) return { at: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** decodeCursor for keysets ending in a uuid: a tampered id must be a 400, not a failed cast (500). */
export function decodeIdCursor(cursor: string | undefined): CursorPosition | undefined {
  const position = decodeCursor(cursor);
  if (position && !UUID.test(position.id)) throw invalidCursor();
  return position;
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
