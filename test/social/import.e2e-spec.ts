import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionImporter } from '@perkrank/social';
import { createTestApp, insertSocialAccount, newInfluencer, TestApp } from '@perkrank/testing';

const DAY = 86_400_000;

describe('NDJSON import (CLI engine)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'perkrank-import-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const line = (i: number, overrides: Record<string, unknown> = {}): string =>
    JSON.stringify({
      eventId: `imp-${i}`,
      network: 'youtube',
      kind: i % 4 === 0 ? 'share' : 'like',
      actor: { id: `viewer-${i % 97}` },
      target: { id: `creator-${i % 5}` },
      occurredAt: new Date(Date.now() - ((i % 80) + 1) * DAY).toISOString(),
      ...overrides,
    });
  const count = async (): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM interactions'))[0].n as number;

  it('stores the good lines, writes the rejects with line numbers, and reports progress', async () => {
    const member = await newInfluencer(t);
    const account = await insertSocialAccount(t, member, { network: 'youtube', handle: 'creator.zero' });
    const lines = Array.from({ length: 1000 }, (_, i) => line(i));
    lines[10] = '{"eventId": broken';
    lines[20] = line(20, { kind: 'poke' });
    lines[30] = line(30, { occurredAt: new Date(Date.now() + 7 * DAY).toISOString() });
    lines.push(
      JSON.stringify({
        account: { network: 'youtube', id: account.nativeId, followers: 4242, following: 1, posts: 12 },
      }),
    );
    lines.push(line(5)); // the same event again
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n\n`);

    const progress: number[] = [];
    const summary = await t.app.get(InteractionImporter).importFile(file, {
      batchSize: 300,
      onProgress: (p) => progress.push(p.lines),
    });
    expect(summary).toMatchObject({
      accepted: 997,
      duplicates: 1,
      rejected: 3,
      accountsUpdated: 1,
      resumedAtLine: 0,
    });
    expect(summary.byCode).toEqual({ invalid_item: 1, unknown_kind: 1, future_timestamp: 1 });
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress[progress.length - 1]).toBe(1003);
    const rejects = readFileSync(summary.rejectsFile!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [11, 'invalid_item'],
      [21, 'unknown_kind'],
      [31, 'future_timestamp'],
    ]);
    expect(await count()).toBe(997);
    const [row] = await t.dataSource.query('SELECT followers FROM social_accounts WHERE id = $1', [
      account.id,
    ]);
    expect(row.followers).toBe(4242);
    expect(existsSync(`${file}.import-state.json`)).toBe(false);
  });

  it('parses on a worker thread with the same outcome (as the compiled CLI does)', async () => {
    const file = join(dir, 'worker.ndjson');
    const lines = Array.from({ length: 700 }, (_, i) => line(50_000 + i));
    lines[3] = '{"not": "an event"}';
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = await count();
    // From sources, the worker needs the TypeScript require hook the benchmarks use.
    const register = join(__dirname, '..', '..', 'bench', 'support', 'register.js');
    const summary = await t.app
      .get(InteractionImporter)
      .importFile(file, { batchSize: 150, worker: { execArgv: ['-r', register] } });
    expect(summary).toMatchObject({ accepted: 699, rejected: 1, lines: 700, byCode: { unknown_field: 1 } });
    expect(await count()).toBe(before + 699);
  });

  it('resumes an interrupted import after its last committed batch', async () => {
    const file = join(dir, 'resume.ndjson');
    // The third batch (lines 401–600) carries a marked timestamp, and a trigger fails any write
    // holding it: whatever order the batches in flight finish in, exactly the first two commit.
    const marked = new Date(Math.floor(Date.now() / DAY) * DAY - 3 * DAY + 123).toISOString();
    const lines = Array.from({ length: 600 }, (_, i) =>
      line(10_000 + i, i >= 400 ? { occurredAt: marked } : {}),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = await count();
    await t.dataSource.query(`CREATE FUNCTION fail_third() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF EXISTS (SELECT 1 FROM added WHERE occurred_at = '${marked}'::timestamptz) THEN
        RAISE EXCEPTION 'disk full'; END IF; RETURN NULL; END $$`);
    await t.dataSource.query(
      'CREATE TRIGGER fail_third AFTER INSERT ON interaction_event_ids REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION fail_third()',
    );
    const importer = t.app.get(InteractionImporter);
    try {
      await expect(importer.importFile(file, { batchSize: 200 })).rejects.toThrow(/disk full/);
    } finally {
      await t.dataSource.query('DROP TRIGGER fail_third ON interaction_event_ids');
      await t.dataSource.query('DROP FUNCTION fail_third()');
    }
    expect(await count()).toBe(before + 400);
    const checkpoint = JSON.parse(readFileSync(`${file}.import-state.json`, 'utf8'));
    expect(checkpoint.line).toBe(400);

    const summary = await importer.importFile(file, { batchSize: 200 });
    expect(summary).toMatchObject({ resumedAtLine: 400, accepted: 600, duplicates: 0, lines: 600 });
    expect(await count()).toBe(before + 600);
  });
});
