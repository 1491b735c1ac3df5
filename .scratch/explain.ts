import { Client } from 'pg';
import { migrateDatabase, withScratchDatabase } from '@perkrank/core';
import { seed } from '../bench/feed/seed';
import { FEED_MEMBER_READ } from '../libs/campaigns/src/feed/perk-feed.repository';
import { ME_READ } from '../libs/identity/src/users/user.repository';
async function main() {
  await withScratchDatabase(process.env.DATABASE_URL, async (url) => {
    await migrateDatabase(url);
    const db = new Client({ connectionString: url });
    await db.connect();
    const now = new Date();
    await seed(db, { members: 10000, campaigns: 1000, otherCampaigns: 200, brands: 20 }, now);
    await db.query('ANALYZE');
    const ids = (await db.query(`SELECT md5('member' || g.i)::uuid AS id FROM generate_series(1, 48) g(i)`)).rows.map((r) => r.id);
    await db.query(`INSERT INTO sessions (id, user_id, created_at) SELECT gen_random_uuid(), u, now() FROM unnest($1::uuid[]) u`, [ids]);
    const sess = (await db.query(`SELECT id, user_id FROM sessions`)).rows;
    const sel = (cols?: string) => `SELECT u.id, u.email, u.display_name AS "displayName", u.roles, u.status${cols ? ', ' + cols : ''} FROM users u JOIN sessions s ON s.user_id = u.id WHERE u.id = $1 AND s.id = $2 AND s.revoked_at IS NULL`;
    const time = async (label: string, text: string, args: (i: number) => unknown[], n = 2000) => {
      await db.query({ name: label, text, values: args(0) });
      for (let i = 0; i < 20; i++) await db.query({ name: label, text, values: args(i) });
      const pid = (await db.query('SELECT pg_backend_pid() AS p')).rows[0].p;
      const cpu = () => { const st = require('fs').readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 1e4; };
      const c0 = cpu(); const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await db.query({ name: label, text, values: args(i) });
      const c1 = cpu();
      console.log(label.padEnd(30), 'backend CPU µs/stmt', ((c1 - c0) / n).toFixed(0), 'wall µs', (Number(process.hrtime.bigint() - t0) / 1e3 / n).toFixed(0));
    };
    const s = (i: number) => [sess[i % sess.length].user_id, sess[i % sess.length].id];
    await time('session', sel(), s);
    await time('session_me', sel(ME_READ.columns), s);
    await time('session_feed', sel(FEED_MEMBER_READ.columns), s);
    await time('clock_only', sel(`(SELECT sum(k.edits)::text || '/' || sum(k.stock)::text FROM campaign_feed_clock k) AS "feedClock"`), s);
    const v2 = `(SELECT s.score FROM published_scores_v s WHERE s.user_id = u.id) AS "feedScore",
      (SELECT json_build_array(p.topics, p.country, p.city) FROM member_profiles_v p WHERE p.id = u.id) AS "feedProfile",
      ARRAY(SELECT DISTINCT a.network FROM verified_social_accounts_v a WHERE a.user_id = u.id) AS "feedNetworks",
      (SELECT sum(k.edits)::text || '/' || sum(k.stock)::text FROM campaign_feed_clock k) AS "feedClock"`;
    await time('session_feed_v2', sel(v2), s);
    const v3 = `(SELECT json_build_array(s.score, p.topics, p.country, p.city) FROM member_profiles_v p LEFT JOIN published_scores_v s ON s.user_id = p.id WHERE p.id = u.id) AS "feedProfile",
      ARRAY(SELECT DISTINCT a.network FROM verified_social_accounts_v a WHERE a.user_id = u.id) AS "feedNetworks",
      (SELECT sum(k.edits)::text || '/' || sum(k.stock)::text FROM campaign_feed_clock k) AS "feedClock"`;
    await time('session_feed_v3', sel(v3), s);
    await time('session_feed', sel(FEED_MEMBER_READ.columns), s);
    // feed statement for member 1
    const { feedStatement } = require('../libs/campaigns/src/feed/perk-feed.repository');
    const { countryKey, cityKey } = require('../libs/campaigns/src/rules');
    const members = [];
    for (let i = 0; i < 16; i++) {
      const r = (await db.query({ name: 'session_feed', text: sel(FEED_MEMBER_READ.columns), values: s(i) })).rows[0];
      members.push({ score: r.feedScore, topics: r.feedTopics, countryKey: r.feedCountry && countryKey(r.feedCountry), cityKey: r.feedCity && cityKey(r.feedCity), networks: r.feedNetworks });
    }
    return void (await db.end());
    const lean = `c.id, c.xmin::text AS version, b.name AS "brandName", c.inventory_remaining AS "remaining"`;
    for (const [label, cols] of [['feed_lean', lean], ['feed_lean_nobrand', 'c.id, c.xmin::text AS version, c.inventory_remaining AS remaining']] as const) {
      const byShape = new Map<string, unknown[][]>();
      for (const m of members) { const st = feedStatement(cols, { now, member: m, includeLocked: false, take: 21 }); byShape.set(st.text, [...(byShape.get(st.text) ?? []), st.values]); }
      let k = 0;
      for (const [text, vals] of byShape) await time(`${label}_${k++}`, text, (i) => vals[i % vals.length], 500);
      const [text, vals] = [...byShape][0];
      const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, vals[0]);
      if (label === 'feed_lean') console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    await db.end();
  });
}
main().catch((e) => { console.error(e); process.exit(1); });
