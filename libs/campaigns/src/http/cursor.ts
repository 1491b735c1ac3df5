import { AppException, type CursorPosition, decodeCursor } from '@perkrank/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** decodeCursor for keysets ending in a uuid: a tampered id must be a 400, not a failed cast (500). */
export function decodeIdCursor(cursor: string | undefined): CursorPosition | undefined {
  const position = decodeCursor(cursor);
  if (position && !UUID.test(position.id)) {
    throw new AppException('invalid', 'invalid_cursor', 'The cursor is not one this API returned.', {
      param: 'cursor',
    });
  }
  return position;
}
