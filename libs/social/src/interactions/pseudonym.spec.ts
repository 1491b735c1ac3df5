import { deriveSipKey, hashToBigInt, Pseudonymizer, sipHash, sipHashString } from './pseudonym';

/** The reference vectors of the SipHash paper: key 00..0f, message 00..(n−1), output little-endian. */
const VECTORS = [
  '310e0edd47db6f72',
  'fd67dc93c539f874',
  '5a4fa9d909806c0d',
  '2d7efbd796666785',
  'b7877127e09427cf',
  '8da699cd64557618',
  'cee3fe586e46c9cb',
  '37d1018bf50002ab',
  '6224939a79f5f593',
  'b0e4a90bdf82009e',
  'f3b9dd94c5bb5d7a',
  'a7ad6b22462fb3f4',
  'fbe50e86bc8f1e75',
  '903d84c02756ea14',
  'eef27a8e90ca23f7',
  'e545be4961ca29a1',
  'db9bc2577fcc2a3f',
  '9447be2cf5e99a69',
  '9cd38d96f0b3c14b',
  'bd6179a71dc96dbb',
];

describe('sipHash', () => {
  const keyBytes = Buffer.from(Array.from({ length: 16 }, (_, i) => i));
  const key = new Uint32Array([0, 4, 8, 12].map((o) => keyBytes.readUInt32LE(o)));

  it.each(VECTORS.map((hex, length) => [length, hex]))(
    'matches the reference for %i bytes',
    (length, hex) => {
      const message = Uint8Array.from({ length: Number(length) }, (_, i) => i);
      const out = sipHash(key, message, message.length, { hi: 0, lo: 0 });
      const bytes = Buffer.alloc(8);
      bytes.writeUInt32LE(out.lo, 0);
      bytes.writeUInt32LE(out.hi, 4);
      expect(bytes.toString('hex')).toBe(hex);
    },
  );

  it('hashes strings as their UTF-8 bytes, ASCII or not', () => {
    for (const text of ['mia@mastodon.social', 'zoë.bsky.social', '東京', 'a'.repeat(2000)]) {
      const bytes = Buffer.from(`x\0${text}`, 'utf8');
      const expected = sipHash(key, bytes, bytes.length, { hi: 0, lo: 0 });
      expect(sipHashString(key, 'x\0', text, { hi: 0, lo: 0 })).toEqual(expected);
    }
  });
});

describe('Pseudonymizer', () => {
  it('is keyed: another secret gives other pseudonyms, the same secret the same ones', () => {
    const a = new Pseudonymizer('secret-one-secret-one-secret-one');
    const b = new Pseudonymizer('secret-two-secret-two-secret-two');
    expect(a.actorBigInt('mastodon', 'mia@mastodon.social')).toBe(
      new Pseudonymizer('secret-one-secret-one-secret-one').actorBigInt('mastodon', 'mia@mastodon.social'),
    );
    expect(a.actorBigInt('mastodon', 'mia@mastodon.social')).not.toBe(
      b.actorBigInt('mastodon', 'mia@mastodon.social'),
    );
  });

  it('separates networks and purposes', () => {
    const p = new Pseudonymizer('k'.repeat(32));
    expect(p.actorBigInt('x', '123')).not.toBe(p.actorBigInt('instagram', '123'));
    expect(hashToBigInt(p.event('x', '123'))).not.toBe(p.actorBigInt('x', '123'));
    expect(deriveSipKey('k', 'actor')).not.toEqual(deriveSipKey('k', 'event'));
  });

  it('gives signed 64-bit values as Postgres stores them', () => {
    const p = new Pseudonymizer('k'.repeat(32));
    for (let i = 0; i < 200; i++) {
      const v = p.actorBigInt('x', String(i));
      expect(v >= -(2n ** 63n) && v < 2n ** 63n).toBe(true);
    }
  });
});
