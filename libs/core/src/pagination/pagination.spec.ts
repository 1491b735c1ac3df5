import fc from 'fast-check';
import { AppException } from '../errors/app.exception';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  it('round-trips any position (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2100-01-01') }),
        fc.uuid(),
        (at, id) => {
          const position = { at: at.toISOString(), id };
          expect(decodeCursor(encodeCursor(position))).toEqual(position);
        },
      ),
    );
  });

  it('rejects cursors it did not make', () => {
    for (const bad of [
      'x',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["not a date","id"]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(AppException);
    }
  });

  it('uses the extra row only to say there is more', () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: new Date(2026, 0, n).toISOString() }));
    const page = toPage(
      rows,
      2,
      (r) => ({ at: r.at, id: String(r.n) }),
      (r) => r.n,
    );
    expect(page).toEqual({
      data: [1, 2],
      hasMore: true,
      nextCursor: encodeCursor({ at: rows[1].at, id: '2' }),
    });
    expect(
      toPage(
        rows,
        3,
        (r) => ({ at: r.at, id: String(r.n) }),
        (r) => r.n,
      ),
    ).toEqual({ data: [1, 2, 3], hasMore: false, nextCursor: null });
  });
});
