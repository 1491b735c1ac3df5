import { MAX_WINDOW_DAYS } from '@perkrank/scoring';
import {
  FUTURE_TOLERANCE_MS,
  normaliseHandle,
  parseTimestamp,
  validateAccount,
  validateEvent,
} from './interaction-validation';

const NOW = Date.UTC(2025, 5, 1, 12);
const DAY = 86_400_000;
const good = {
  eventId: 'e-1',
  network: 'x',
  kind: 'share',
  actor: { id: '42', handle: '@Mia_Travels' },
  target: { id: '7' },
  postId: 'p-9',
  occurredAt: new Date(NOW - 3 * DAY).toISOString(),
};

describe('validateEvent', () => {
  it('accepts a complete event and normalises handles', () => {
    const checked = validateEvent(good, NOW);
    expect(checked).toEqual({
      ok: true,
      value: {
        eventId: 'e-1',
        network: 'x',
        kind: 3,
        actorId: '42',
        actorHandle: 'mia_travels',
        targetId: '7',
        targetHandle: undefined,
        occurredAt: NOW - 3 * DAY,
      },
    });
  });

  it.each([
    ['not an object', 'invalid_item'],
    [[good], 'invalid_item'],
    [{ ...good, extra: 1 }, 'unknown_field'],
    [{ ...good, actor: { id: '1', name: 'x' } }, 'unknown_field'],
    [{ ...good, eventId: undefined }, 'missing_field'],
    [{ ...good, eventId: 'x'.repeat(256) }, 'invalid_field'],
    [{ ...good, eventId: ' padded ' }, 'invalid_field'],
    [{ ...good, network: undefined }, 'missing_field'],
    [{ ...good, network: 'myspace' }, 'unknown_network'],
    [{ ...good, kind: undefined }, 'missing_field'],
    [{ ...good, kind: 'poke' }, 'unknown_kind'],
    [{ ...good, kind: 3 }, 'unknown_kind'],
    [{ ...good, actor: undefined }, 'missing_field'],
    [{ ...good, actor: 'x' }, 'invalid_field'],
    [{ ...good, target: { handle: 'h' } }, 'missing_field'],
    [{ ...good, target: { id: 7 } }, 'invalid_field'],
    [{ ...good, postId: 5 }, 'invalid_field'],
    [{ ...good, occurredAt: undefined }, 'missing_field'],
    [{ ...good, occurredAt: '2025-05-30' }, 'invalid_field'],
    [{ ...good, occurredAt: '2025-05-30T10:00:00' }, 'invalid_field'],
    [{ ...good, occurredAt: 1748600000000 }, 'invalid_field'],
    [{ ...good, occurredAt: new Date(NOW + FUTURE_TOLERANCE_MS + 1000).toISOString() }, 'future_timestamp'],
    [{ ...good, occurredAt: new Date(NOW - MAX_WINDOW_DAYS * DAY).toISOString() }, 'outside_window'],
  ])('rejects %j with %s', (raw, code) => {
    const checked = validateEvent(raw, NOW);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.rejection.code).toBe(code);
  });

  it('tolerates a little clock skew and takes offsets', () => {
    expect(validateEvent({ ...good, occurredAt: new Date(NOW + 60_000).toISOString() }, NOW).ok).toBe(true);
    expect(validateEvent({ ...good, occurredAt: '2025-05-30T14:00:00+02:00' }, NOW).ok).toBe(true);
  });

  it('never repeats submitted values in messages', () => {
    const secret = 'secret-value-9876';
    for (const raw of [
      { ...good, network: secret },
      { ...good, kind: secret },
      { ...good, occurredAt: secret },
      { ...good, [secret]: 1 },
    ]) {
      const checked = validateEvent(raw, NOW);
      if (!checked.ok && !checked.rejection.message.startsWith(secret))
        expect(checked.rejection.message).not.toContain(secret);
    }
  });
});

describe('validateAccount', () => {
  it('accepts counts and rejects what is not a whole count', () => {
    expect(validateAccount({ network: 'youtube', id: 'UC1', followers: 10, following: 2, posts: 0 }).ok).toBe(
      true,
    );
    for (const bad of [-1, 1.5, '10', null, 2 ** 31]) {
      const checked = validateAccount({
        network: 'youtube',
        id: 'UC1',
        followers: bad,
        following: 2,
        posts: 0,
      });
      expect(checked.ok).toBe(false);
    }
    const unknown = validateAccount({
      network: 'youtube',
      id: 'UC1',
      followers: 1,
      following: 2,
      posts: 0,
      likes: 3,
    });
    expect(unknown.ok || unknown.rejection.code).toBe('unknown_field');
  });

  it('normalises handles: trimmed, lower-case, no leading @', () => {
    expect(normaliseHandle('  @@Mia@Mastodon.Social ')).toBe('mia@mastodon.social');
  });
});

describe('parseTimestamp', () => {
  it('reads the common UTC forms by hand exactly as Date.parse does', () => {
    for (const s of [
      '2025-06-01T12:34:56Z',
      '2025-06-01T12:34:56.789Z',
      '2024-02-29T00:00:00.000Z',
      '1999-12-31T23:59:59Z',
    ])
      expect(parseTimestamp(s)).toBe(Date.parse(s));
  });

  it('refuses impossible dates and malformed strings, and takes offsets the slow way', () => {
    for (const s of [
      '2025-02-30T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-06-01T24:00:00Z',
      '2025-06-01 12:34:56Z',
      '2025-06-01T12:34:5xZ',
      '2025-06-01T12:34:56,789Z',
    ])
      expect(parseTimestamp(s)).toBeNaN();
    expect(parseTimestamp('2025-06-01T14:34:56+02:00')).toBe(Date.parse('2025-06-01T12:34:56Z'));
    expect(parseTimestamp('2025-06-01T12:34Z')).toBe(Date.parse('2025-06-01T12:34:00Z'));
  });
});
