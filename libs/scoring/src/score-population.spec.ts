import fc from 'fast-check';
import { EdgeAggregator, type InteractionRecord } from './edge-aggregator';
import { spikeFollowers } from './features';
import { InteractionKind as K, MODELS } from './model';
import { scorePopulation, type PopulationScores } from './score-population';
import {
  aggregateWorld,
  daysAgo,
  pointsInTenths,
  record,
  scoreWorld,
  smallWorld,
} from './testing/score-world';
import type { World } from './world-generator';

/**
 * The properties the model promises. Worlds are small (300 members, 1,500 actors, 40k events)
 * so that each run scores a world twice in well under a tenth of a second; a few seeds are reused
 * through a cache while members, kinds and days vary freely.
 */
describe.each(MODELS)('scorePopulation properties, model $version', (model) => {
  const options = { model };
  const worlds = new Map<number, { world: World; scores: PopulationScores }>();
  function cached(seed: number): { world: World; scores: PopulationScores } {
    let entry = worlds.get(seed);
    if (entry === undefined) {
      const world = smallWorld(seed);
      entry = { world, scores: scoreWorld(world, {}, options) };
      worlds.set(seed, entry);
    }
    return entry;
  }
  /** The same world scored with one extra, still silent node: the baseline for a new engager. */
  const withSpareNode = new Map<number, PopulationScores>();
  function cachedWithSpareNode(seed: number): PopulationScores {
    let scores = withSpareNode.get(seed);
    if (scores === undefined) {
      scores = scoreWorld(cached(seed).world, { extraNodes: 1 }, options);
      withSpareNode.set(seed, scores);
    }
    return scores;
  }
  const worldSeed = fc.integer({ min: 1, max: 12 });
  const member = fc.nat(299);
  const engagementKind = fc.constantFrom(K.Like, K.Reply, K.Mention, K.Share);
  const dayInWindow = fc.double({ min: 0, max: 89.9, noNaN: true });

  it('never lowers a score for one more distinct engager (a new actor)', () => {
    fc.assert(
      fc.property(worldSeed, member, engagementKind, dayInWindow, (seed, m, kind, day) => {
        const { world } = cached(seed);
        const before = cachedWithSpareNode(seed);
        const after = scoreWorld(
          world,
          {
            extraNodes: 1,
            extraEvents: [record(world.nodeCount, m, kind, daysAgo(day))],
          },
          options,
        );
        expect(after.members[m].score).toBeGreaterThanOrEqual(before.members[m].score);
        expect(after.members[m].components.engagement.value).toBeGreaterThan(
          before.members[m].components.engagement.value,
        );
      }),
      { numRuns: 60 },
    );
  });

  it('never lowers a score for one more distinct engager (an existing account)', () => {
    fc.assert(
      fc.property(worldSeed, member, fc.nat(), engagementKind, dayInWindow, (seed, m, pick, kind, day) => {
        const { world, scores } = cached(seed);
        const interactions = aggregateWorld(world);
        const linked = new Set<number>();
        for (let e = 0; e < interactions.src.length; e++) {
          if (interactions.dst[e] === m) linked.add(interactions.src[e]);
          if (interactions.src[e] === m) linked.add(interactions.dst[e]);
        }
        let actor = pick % world.nodeCount;
        while (actor === m || linked.has(actor)) actor = (actor + 1) % world.nodeCount;
        const after = scoreWorld(world, { extraEvents: [record(actor, m, kind, daysAgo(day))] }, options);
        expect(after.members[m].score).toBeGreaterThanOrEqual(scores.members[m].score);
      }),
      { numRuns: 40 },
    );
  });

  it('raises a score more for a share by a high-rank actor than by a low-rank one', () => {
    fc.assert(
      fc.property(worldSeed, member, fc.integer({ min: 5, max: 60 }), dayInWindow, (seed, m, fans, day) => {
        const { world } = cached(seed);
        // Two new accounts: `high` is replied to by `fans` actors, `low` by nobody. Both exist in
        // both worlds; only who shares m differs.
        const high = world.nodeCount;
        const low = world.nodeCount + 1;
        const base: InteractionRecord[] = Array.from({ length: fans }, (_, k) =>
          record(300 + ((seed * 97 + k * 13) % 1500), high, K.Reply, daysAgo(((k * 7) % 60) + 0.5)),
        );
        const byHigh = scoreWorld(
          world,
          {
            extraNodes: 2,
            extraEvents: [...base, record(high, m, K.Share, daysAgo(day))],
          },
          options,
        );
        const byLow = scoreWorld(
          world,
          {
            extraNodes: 2,
            extraEvents: [...base, record(low, m, K.Share, daysAgo(day))],
          },
          options,
        );
        expect(byHigh.members[m].components.network.value).toBeGreaterThan(
          byLow.members[m].components.network.value,
        );
        expect(byHigh.members[m].score).toBeGreaterThanOrEqual(byLow.members[m].score);
      }),
      { numRuns: 30 },
    );
  });

  it('keeps a ring of accounts that only like each other low, however large', () => {
    fc.assert(
      fc.property(
        worldSeed,
        fc.integer({ min: 3, max: 80 }),
        fc.integer({ min: 1, max: 3 }),
        (seed, size, everyDays) => {
          const { world } = cached(seed);
          const first = world.nodeCount;
          const likes: InteractionRecord[] = [];
          for (let day = 0; day < 90; day += everyDays) {
            for (let i = 0; i < size; i++) {
              for (let j = 0; j < size; j++)
                if (i !== j) likes.push(record(first + i, first + j, K.Like, daysAgo(day + 0.5)));
            }
          }
          const result = scoreWorld(
            world,
            {
              extraNodes: size,
              extraEvents: likes,
              extraMembers: Array.from({ length: size }, (_, i) => ({ node: first + i })),
            },
            options,
          );
          const median = result.stats.distribution.p50;
          for (const ringMember of result.members.slice(300))
            expect(ringMember.score).toBeLessThanOrEqual(Math.max(45, median + 5));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('moves a score by less than 2 points for 10,000 bought followers with no engagement', () => {
    fc.assert(
      fc.property(worldSeed, member, fc.integer({ min: 1, max: 5 }), (seed, m, days) => {
        const { world, scores } = cached(seed);
        const after = scoreWorld(
          world,
          {
            editAccounts: (a) => {
              const account = a.member.indexOf(m);
              const total = a.followers[account];
              const spiked = a.spikeFollowers[account];
              // The account's daily counts: its organic base, any earlier spike, then the purchase.
              const series = [total - spiked, total];
              for (let d = 1; d <= days; d++) series.push(total + Math.round((10_000 * d) / days));
              a.followers[account] = total + 10_000;
              a.spikeFollowers[account] = spikeFollowers(series);
            },
          },
          options,
        );
        expect(Math.abs(after.members[m].score - scores.members[m].score)).toBeLessThan(2);
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic bit for bit, whatever order the rows arrive in', () => {
    fc.assert(
      fc.property(worldSeed, fc.nat(), (seed, shuffleSeed) => {
        const { world, scores } = cached(seed);
        expect(scoreWorld(world, {}, options)).toEqual(scores);
        const rows: InteractionRecord[] = [...world.events()];
        let s = shuffleSeed;
        for (let i = rows.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [rows[i], rows[j]] = [rows[j], rows[i]];
        }
        const aggregator = new EdgeAggregator({ nodeCount: world.nodeCount, now: world.now, model });
        for (const r of rows) aggregator.add(r.actor, r.target, r.kind, r.timestamp);
        const shuffled = scorePopulation(
          { interactions: aggregator.finish(), members: world.members, accounts: world.accounts },
          options,
        );
        expect(shuffled).toEqual(scores);
      }),
      { numRuns: 4 },
    );
  });

  it('gives every member a breakdown that adds up to the score exactly', () => {
    fc.assert(
      fc.property(worldSeed, (seed) => {
        for (const m of cached(seed).scores.members) {
          expect(pointsInTenths(m)).toBe(Math.round(m.score * 10));
          expect(Number.isInteger(Math.round(m.score * 10))).toBe(true);
          expect(Math.abs(m.score * 10 - Math.round(m.score * 10))).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe('scorePopulation', () => {
  const world = smallWorld(1);
  const scores = scoreWorld(world);

  it('scores every listed member between 0.5 and 100 with components, adjustments and tips', () => {
    expect(scores.members).toHaveLength(300);
    for (const m of scores.members) {
      expect(m.score).toBeGreaterThanOrEqual(0.5);
      expect(m.score).toBeLessThanOrEqual(100);
      expect(Object.keys(m.components)).toEqual(['network', 'engagement', 'amplification', 'reach']);
      expect(m.tips.length).toBeGreaterThanOrEqual(1);
      expect(m.percentile).toBeGreaterThanOrEqual(0);
      expect(m.percentile).toBeLessThanOrEqual(100);
    }
    expect(scores.model.version).toBe('v1');
  });

  it('leaves members who withdrew consent out of every output', () => {
    const gone = [3, 17, 250];
    const result = scoreWorld(world, { withoutMembers: gone });
    expect(result.members).toHaveLength(297);
    const nodes = new Set(result.members.map((m) => m.node));
    for (const i of gone) expect(nodes.has(world.members[i])).toBe(false);
    expect(result.stats.memberCount).toBe(297);
  });

  it('publishes the moving average of the daily score when there is a previous one', () => {
    const interactions = aggregateWorld(world);
    const previousScores = new Float64Array(300).fill(NaN);
    previousScores[0] = 90;
    const result = scorePopulation({
      interactions,
      members: world.members,
      accounts: world.accounts,
      previousScores,
    });
    expect(result.members[0].score).toBeCloseTo(0.3 * result.members[0].daily + 0.7 * 90, 1);
    expect(result.members[1].score).toBe(scores.members[1].score);
  });

  it('matches the renumbered graph to rounding', () => {
    const plain = scoreWorld(world, {}, { renumber: true });
    for (let i = 0; i < 300; i++)
      expect(Math.abs(plain.members[i].score - scores.members[i].score)).toBeLessThanOrEqual(0.1);
  });

  it.each<[string, (input: Parameters<typeof scorePopulation>[0]) => Parameters<typeof scorePopulation>[0]]>([
    ['a member listed twice', (input) => ({ ...input, members: Int32Array.of(0, 0) })],
    [
      'a member outside the graph',
      (input) => ({ ...input, members: Int32Array.of(input.interactions.nodeCount) }),
    ],
    [
      'an account of an unknown member',
      (input) => ({
        ...input,
        accounts: { ...input.accounts, member: Int32Array.from(input.accounts.member, () => 999) },
      }),
    ],
    ['previous scores of the wrong length', (input) => ({ ...input, previousScores: [1, 2] })],
  ])('rejects %s', (_, corrupt) => {
    const input = { interactions: aggregateWorld(world), members: world.members, accounts: world.accounts };
    expect(() => scorePopulation(corrupt(input))).toThrow(RangeError);
  });
});
