import fc from 'fast-check';
import { Client as PgClient } from 'pg';
import { LiveCampaigns, PerkFeedService } from '@perkrank/campaigns';
import type { AuthUser } from '@perkrank/identity';
import {
  claimPerk,
  type Client,
  insertSocialAccount,
  newBrand,
  newLiveCampaign,
  scoredInfluencer,
  useAdmin,
  useBrand,
  useTestApp,
} from '@perkrank/testing';

interface PerkItem {
  id: string;
  title: string;
  remaining: number;
  brand: { name: string };
  eligible: boolean;
}

/**
 * The feed pages from the live campaigns each API process holds in memory (LiveCampaigns), kept
 * fresh by the feed clock read with the caller's session. These check that any committed write,
 * from any connection, shows in the next read, and that the memory path answers what the SQL path
 * answers, to the byte.
 */
describe('perk feed from live campaigns in memory', () => {
  const t = useTestApp();
  const admin = useAdmin(t);
  const brand = useBrand(t);
  /** Another connection to the database: as another API process, worker or operator would write. */
  let other: PgClient;

  beforeAll(async () => {
    other = new PgClient({ connectionString: t.db.url });
    // The test database may be dropped (its connections ended) before this file's afterAll runs.
    other.on('error', () => undefined);
    await other.connect();
  });
  afterAll(async () => {
    await other.end().catch(() => undefined);
  });

  const feed = async (member: Client, query = ''): Promise<PerkItem[]> =>
    (await member.get(`/v1/perks?limit=100${query}`).expect(200)).body.data as PerkItem[];
  const find = async (member: Client, id: string, query = ''): Promise<PerkItem | undefined> =>
    (await feed(member, query)).find((p) => p.id === id);

  it('shows every write committed on another connection in the next read: edits, stock, brand names, new and withdrawn perks', async () => {
    const member = await scoredInfluencer(t, 80);
    const perk = await newLiveCampaign(t, brand, admin, { eligibility: { minScore: 10 } });
    const before = await find(member, perk.id);
    expect(before).toBeDefined();
    const stock = before!.remaining;

    await other.query(`UPDATE campaigns SET title = 'Renamed elsewhere' WHERE id = $1`, [perk.id]);
    expect((await find(member, perk.id))?.title).toBe('Renamed elsewhere');

    // A claim's stock decrement, as the claim statement writes it (another process's claim).
    await other.query(`UPDATE campaigns SET inventory_remaining = inventory_remaining - 1 WHERE id = $1`, [
      perk.id,
    ]);
    expect((await find(member, perk.id))?.remaining).toBe(stock - 1);

    await other.query(`UPDATE brands SET name = 'Brand renamed elsewhere' WHERE id = $1`, [brand.id]);
    expect((await find(member, perk.id))?.brand.name).toBe('Brand renamed elsewhere');

    // Sold out: gone from the plain feed, explained under includeLocked.
    await other.query(`UPDATE campaigns SET inventory_remaining = 0 WHERE id = $1`, [perk.id]);
    expect(await find(member, perk.id)).toBeUndefined();
    expect(await find(member, perk.id, '&includeLocked=true')).toMatchObject({
      eligible: false,
      remaining: 0,
    });

    await other.query(`UPDATE campaigns SET inventory_remaining = 5 WHERE id = $1`, [perk.id]);
    expect((await find(member, perk.id))?.remaining).toBe(5);

    // Withdrawn (no longer approved), then a perk published meanwhile.
    await other.query(`UPDATE campaigns SET status = 'paused' WHERE id = $1`, [perk.id]);
    expect(await find(member, perk.id, '&includeLocked=true')).toBeUndefined();
    const next = await newLiveCampaign(t, brand, admin, { eligibility: { minScore: 10 } });
    expect((await feed(member))[0].id).toBe(next.id);
  });

  it('shows a claim made over HTTP in the stock of the next read', async () => {
    const member = await scoredInfluencer(t, 80);
    const perk = await newLiveCampaign(t, brand, admin, { eligibility: { minScore: 10 } });
    const live = t.app.get(LiveCampaigns);
    const stock = (await find(member, perk.id))!.remaining;
    const before = { ...live.stats };
    await claimPerk(member, perk.id);
    expect((await find(member, perk.id))?.remaining).toBe(stock - 1);
    // From memory, after reading the stock alone: a claim is no edit.
    expect(live.stats.served).toBe(before.served + 1);
    expect(live.stats.stockReads).toBe(before.stockReads + 1);
    expect(live.stats.fullReads).toBe(before.fullReads);
  });

  it('answers, to the byte, what the SQL path answers (random members, filters and pages)', async () => {
    const owner = await newBrand(t);
    const topics = ['travel', 'food', 'music'];
    const places: Array<[string, string]> = [
      ['DE', 'Berlin'],
      ['FR', 'Paris'],
    ];
    const networks = ['mastodon', 'bluesky'] as const;
    const sub = <T>(values: readonly T[]) => fc.subarray([...values]);
    const campaigns = fc.sample(
      fc.record({
        minScore: fc.integer({ min: 0, max: 100 }),
        topics: sub(topics),
        countries: sub(places.map(([country]) => country)),
        cities: sub(places.map(([, city]) => city)),
        networks: sub(networks),
      }),
      { numRuns: 16, seed: 11 },
    );
    for (const eligibility of campaigns) await newLiveCampaign(t, owner, admin, { eligibility });
    const service = t.app.get(PerkFeedService);
    const members = fc.sample(
      fc.record({
        score: fc.integer({ min: 0, max: 100 }),
        topics: sub(topics),
        place: fc.option(fc.constantFrom(...places), { nil: null }),
        networks: sub(networks),
      }),
      { numRuns: 5, seed: 5 },
    );
    const queries: Array<Record<string, string | boolean>> = [
      {},
      { includeLocked: true },
      { topic: 'food' },
      { country: 'DE', includeLocked: true },
      { city: 'paris' },
    ];
    let compared = 0;
    for (const profile of members) {
      const member = await scoredInfluencer(t, profile.score, {
        topics: profile.topics,
        country: profile.place?.[0] ?? null,
        city: profile.place?.[1] ?? null,
      });
      for (const network of profile.networks) await insertSocialAccount(t, member, { network });
      for (const query of queries) {
        let cursor: string | undefined;
        for (let page = 0; page < 20; page++) {
          const params = new URLSearchParams({ limit: '4', ...(cursor ? { cursor } : {}) });
          for (const [key, value] of Object.entries(query)) params.set(key, String(value));
          const http = await member.get(`/v1/perks?${params.toString()}`).expect(200);
          // Without the session's read the service reads the member and the page in SQL.
          const sql = await service.listJson({ id: member.id } as AuthUser, { limit: 4, cursor, ...query });
          expect(http.text).toBe(sql);
          compared++;
          cursor = (http.body as { nextCursor: string | null }).nextCursor ?? undefined;
          if (!cursor) break;
        }
      }
    }
    expect(compared).toBeGreaterThan(25);
    // …and the HTTP answers did come from memory.
    expect(t.app.get(LiveCampaigns).stats.served).toBeGreaterThan(25);
  });
});
