import fc from 'fast-check';
import { AppException } from '../errors/app.exception';
import { decodeCursor, encodeCursor, keyAt, readPage, toPage } from './pagination';

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

  it("accepts only what encodeCursor makes: the review's tampered cursors are invalid_cursor", () => {
    const uuid = '0190c6b2-7c55-7000-8000-000000000001';
    const cursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of [
      cursor(['1', uuid]),
      cursor(['+275760-09-13T00:00:00.000Z', uuid]),
      cursor(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      cursor(['2026-02-30T00:00:00.000Z', uuid]),
      cursor(['2026-01-01T00:00:00Z', uuid]),
      cursor(['2026-01-01T00:00:00.000Z', uuid, 'extra']),
      cursor({ at: '2026-01-01T00:00:00.000Z', id: uuid }),
      'a b',
      '',
    ]) {
      expect(() => decodeCursor(bad)).toThrow(
        expect.objectContaining({ code: 'invalid_cursor', status: 400 }),
      );
    }
  });

  it('never fails other than with invalid_cursor, whatever the input (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.json().map((j) => Buffer.from(j).toString('base64url')),
          fc
            .tuple(fc.string(), fc.string())
            .map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')),
        ),
        (input) => {
          try {
            const position = decodeCursor(input);
            expect(encodeCursor(position!)).toBe(input);
          } catch (error) {
            expect(error).toMatchObject({ code: 'invalid_cursor' });
          }
        },
      ),
      { seed: 11, numRuns: 2000 },
    );
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

  it('readPage hands fetch the limit and the decoded cursor, and pages by the keyset', async () => {
    const id = '01890000-0000-7000-8000-000000000001';
    const rows = [1, 2, 3].map((n) => ({ id, createdAt: new Date(Date.UTC(2026, 0, n)) }));
    const calls: unknown[] = [];
    const cursor = encodeCursor({ at: rows[0].createdAt.toISOString(), id });
    const page = await readPage(
      { limit: 2, cursor },
      (limit, after) => {
        calls.push([limit, after]);
        return Promise.resolve(rows);
      },
      keyAt('createdAt'),
      (r) => r.createdAt.getUTCDate(),
    );
    expect(calls).toEqual([[2, { at: rows[0].createdAt.toISOString(), id }]]);
    expect(page).toEqual({
      data: [1, 2],
      hasMore: true,
      nextCursor: encodeCursor({ at: rows[1].createdAt.toISOString(), id }),
    });
    await expect(
      readPage(
        { limit: 2, cursor: 'nope!' },
        () => Promise.resolve(rows),
        keyAt('createdAt'),
        (r) => r,
      ),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });
});
