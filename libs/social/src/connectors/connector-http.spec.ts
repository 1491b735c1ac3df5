import fc from 'fast-check';
import { isPublicAddress } from '@perkrank/core';
import { parseLinkHeader, rateLimitResetAt, retryAfterMs } from './connector-http';
import { containsToken, htmlToText } from './profile-text';
import { canonicalAcct, compareIds } from './mastodon.connector';

describe('connector helpers', () => {
  it('parses Link headers as Mastodon sends them', () => {
    expect(
      parseLinkHeader(
        '<https://m.example/api/v1/accounts/1/statuses?limit=40&max_id=108>; rel="next", <https://m.example/api/v1/accounts/1/statuses?limit=40&min_id=110>; rel="prev"',
      ),
    ).toEqual({
      next: 'https://m.example/api/v1/accounts/1/statuses?limit=40&max_id=108',
      prev: 'https://m.example/api/v1/accounts/1/statuses?limit=40&min_id=110',
    });
    expect(parseLinkHeader(null)).toEqual({});
  });

  it('reads Retry-After in seconds or as a date, and both reset header styles', () => {
    const now = Date.UTC(2025, 0, 1);
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(rateLimitResetAt(new Headers({ 'x-ratelimit-reset': '2025-01-01T00:05:00.000Z' }))).toBe(
      now + 300_000,
    );
    expect(rateLimitResetAt(new Headers({ 'ratelimit-reset': String(now / 1000 + 60) }))).toBe(now + 60_000);
  });

  it('finds the token in HTML bios as a whole word only', () => {
    const text = htmlToText('<p>Food &amp; travel<br>perkrank-abc23</p><p>&#x1F600;</p>');
    expect(text).toBe('Food & travel\nperkrank-abc23\n😀\n');
    expect(containsToken(text, 'perkrank-abc23')).toBe(true);
    expect(containsToken('xperkrank-abc23', 'perkrank-abc23')).toBe(false);
    expect(containsToken('perkrank-abc234', 'perkrank-abc23')).toBe(false);
  });

  it('canonicalises Mastodon accounts and compares snowflake ids', () => {
    expect(canonicalAcct('Bob', 'Mastodon.Social')).toBe('bob@mastodon.social');
    expect(canonicalAcct('bob@other.example', 'mastodon.social')).toBe('bob@other.example');
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('110000000000000002', '110000000000000001')).toBeGreaterThan(0);
  });

  describe('which addresses a member-named host may resolve to', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const v4 = (a: number, b: number, c: number, d: number): string => `${a}.${b}.${c}.${d}`;

    it('never loopback, private, link-local (metadata), CGNAT, unspecified or multicast', () => {
      const internal = fc.oneof(
        fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(127, b, c, d)),
        fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(10, b, c, d)),
        fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => v4(172, b, c, d)),
        fc.tuple(octet, octet).map(([c, d]) => v4(192, 168, c, d)),
        fc.tuple(octet, octet).map(([c, d]) => v4(169, 254, c, d)),
        fc.tuple(fc.integer({ min: 64, max: 127 }), octet, octet).map(([b, c, d]) => v4(100, b, c, d)),
        fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(0, b, c, d)),
        fc
          .tuple(fc.integer({ min: 224, max: 255 }), octet, octet, octet)
          .map(([a, b, c, d]) => v4(a, b, c, d)),
      );
      fc.assert(fc.property(internal, (address) => !isPublicAddress(address)));
    });

    it('judges an IPv4-mapped IPv6 address (both spellings) like the IPv4 address', () => {
      fc.assert(
        fc.property(octet, octet, octet, octet, (a, b, c, d) => {
          const plain = isPublicAddress(v4(a, b, c, d));
          const hex = `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
          return isPublicAddress(`::ffff:${v4(a, b, c, d)}`) === plain && isPublicAddress(hex) === plain;
        }),
      );
    });

    it('refuses names and other non-addresses', () => {
      for (const value of ['localhost', '', 'example.com', '1.2.3', '::1', 'fe80::1', 'fc00::1'])
        expect(isPublicAddress(value)).toBe(false);
      expect(isPublicAddress('8.8.8.8')).toBe(true);
    });
  });
});
