import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@perkrank/core';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@perkrank/demo';
import {
  buildPrograms,
  exited,
  programEnv,
  REPO_ROOT,
  RUN_SCRIPT,
  runProcess,
  startApi,
  waitReady,
  type ProcessResult,
} from '../support/processes';

/**
 * The real programs as a person runs them: `node scripts/run.js api` is what `npm start` does.
 * Built once here if the sources changed since the last build.
 */

function postgresProcessesFor(dataDir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('postgres') && line.includes(dataDir));
}

function login(port: number, email: string, password: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

/** A CLI command, run without blocking this process (see runProcess). */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return runProcess(process.execPath, [RUN_SCRIPT, 'cli', ...args], { cwd: REPO_ROOT, env });
}

describe('the api program', () => {
  jest.setTimeout(240_000);
  let dataDir: string;

  beforeAll(() => {
    buildPrograms();
    dataDir = mkdtempSync(join(tmpdir(), 'perkrank-lifecycle-'));
    chmodSync(dataDir, 0o755);
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    [{ DATABASE_URL: 'not-a-url' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'too-short-for-production' }, 'JWT_SECRET'],
    [{ PORT: 'http' }, 'PORT'],
  ])('refuses to start with %j, naming the variable', (env, variable) => {
    const result = spawnSync(process.execPath, [RUN_SCRIPT, 'api'], {
      cwd: REPO_ROOT,
      env: programEnv(env),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(result.stderr).toContain(variable);
  });

  it('starts on the embedded database, stops cleanly on Ctrl-C, and keeps its data for the next start', async () => {
    const port = await freePort();
    // Without the demo world: this is about the database and the process, on an empty start.
    const env = programEnv({ DATA_DIR: dataDir, PORT: String(port), PERKRANK_DEMO: 'false' });
    const api = startApi(env);
    const first = api.child;
    try {
      const readyMs = await waitReady(port, first, 60_000);
      expect(readyMs).toBeLessThan(60_000);
      expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
      // PERKRANK_DEMO=false: nothing seeded, nobody to log in as.
      expect((await login(port, DEMO_PEOPLE.influencer.email, DEMO_PASSWORD)).status).toBe(401);
      expect(api.output()).not.toMatch(/demo world/i);
      const reg = await fetch(`http://127.0.0.1:${port}/v1/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          email: 'kept@example.com',
          password: 'kept-password-123',
          displayName: 'Kept',
          accountType: 'influencer',
          dateOfBirth: '1990-01-01',
          acceptTerms: true,
        }),
      });
      expect(reg.status).toBe(201);
    } finally {
      first.kill('SIGINT');
    }
    expect(await exited(first)).toBe(0);
    expect(api.output()).toContain('SIGINT received');
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    const second = startApi(env).child;
    try {
      await waitReady(port, second, 60_000);
      const login = await fetch(`http://127.0.0.1:${port}/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'kept@example.com', password: 'kept-password-123' }),
      });
      expect(login.status).toBe(200);

      // The CLI joins the embedded server the running API owns.
      const cli = await runCli(
        ['admin:create', '--email', 'Ops@Example.com', '--password', 'ops-password-123'],
        env,
      );
      expect(cli.stderr).not.toMatch(/error/i);
      expect(cli.stdout).toContain('Created admin ops@example.com');
      const admin = await fetch(`http://127.0.0.1:${port}/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'ops@example.com', password: 'ops-password-123' }),
      });
      const { accessToken } = (await admin.json()) as { accessToken: string };
      const users = await fetch(`http://127.0.0.1:${port}/v1/admin/users`, {
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      expect(users.status).toBe(200);
    } finally {
      second.kill('SIGTERM');
    }
    expect(await exited(second)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  describe('on a fresh data directory with the defaults', () => {
    let demoDir: string;
    beforeAll(() => {
      demoDir = mkdtempSync(join(tmpdir(), 'perkrank-demo-'));
      chmodSync(demoDir, 0o755);
    });
    afterAll(() => {
      rmSync(demoDir, { recursive: true, force: true });
    });

    it('seeds the demo world on the first start only, and demo:reset seeds it again', async () => {
      const port = await freePort();
      const env = programEnv({ DATA_DIR: demoDir, PORT: String(port) });
      const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });

      // First start: seeded, and the log says who to log in as and where to go.
      const first = startApi(env);
      let computedAt: unknown;
      try {
        await waitReady(port, first.child, 90_000);
        expect(first.output()).toMatch(/demo world seeded in [\d.]+ s: 3000 members/);
        for (const person of Object.values(DEMO_PEOPLE)) expect(first.output()).toContain(person.email);
        expect(first.output()).toContain(`http://localhost:${port}/docs`);
        expect(first.output()).toContain(DEMO_PASSWORD);
        // Written for a person: Nest's module and route lines are at debug, not among these.
        expect(first.output()).not.toMatch(/Mapped \{|dependencies initialized/);
        // No SMTP_URL: the log says the demo's mails are kept in the outbox, and where to read them.
        expect(first.output()).toContain('No SMTP_URL');
        expect(first.output()).toContain('GET /v1/admin/outbox');
        const mia = (await (await login(port, DEMO_PEOPLE.influencer.email, DEMO_PASSWORD)).json()) as {
          accessToken: string;
        };
        const auth = { Authorization: `Bearer ${mia.accessToken}` };
        const perks = (await (
          await fetch(`http://127.0.0.1:${port}/v1/perks`, { headers: auth })
        ).json()) as {
          data: unknown[];
        };
        expect(perks.data.length).toBeGreaterThanOrEqual(2);
        computedAt = (
          (await (await fetch(`http://127.0.0.1:${port}/v1/me/score`, { headers: auth })).json()) as {
            computedAt: string;
          }
        ).computedAt;
        expect(typeof computedAt).toBe('string');
        const register = await fetch(`http://127.0.0.1:${port}/v1/auth/register`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            email: 'visitor@example.com',
            password: 'visitor-password-1',
            displayName: 'Visitor',
            accountType: 'influencer',
            dateOfBirth: '1990-01-01',
            acceptTerms: true,
          }),
        });
        expect(register.status).toBe(201);

        // demo:reset will not pull the database from under a running API.
        const busy = await cli(['demo:reset']);
        expect(busy.status).toBe(1);
        expect(busy.stderr).toContain('Stop it first');
      } finally {
        first.child.kill('SIGINT');
      }
      expect(await exited(first.child)).toBe(0);

      // Second start: the same world (same scores, the visitor kept), not seeded again.
      const second = startApi(env);
      try {
        await waitReady(port, second.child, 90_000);
        expect(second.output()).not.toMatch(/demo world seeded/);
        expect(second.output()).toContain(DEMO_PEOPLE.influencer.email);
        expect((await login(port, 'visitor@example.com', 'visitor-password-1')).status).toBe(200);
        const mia = (await (await login(port, DEMO_PEOPLE.influencer.email, DEMO_PASSWORD)).json()) as {
          accessToken: string;
        };
        const score = (await (
          await fetch(`http://127.0.0.1:${port}/v1/me/score`, {
            headers: { Authorization: `Bearer ${mia.accessToken}` },
          })
        ).json()) as { computedAt: string };
        expect(score.computedAt).toBe(computedAt);
      } finally {
        second.child.kill('SIGTERM');
      }
      expect(await exited(second.child)).toBe(0);

      // demo:reset refuses a DATABASE_URL server, and wipes and re-seeds the embedded database.
      const refused = await cli(['demo:reset'], {
        DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/theirs',
      });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('DATABASE_URL is set');
      const reset = await cli(['demo:reset']);
      expect(reset.stderr).toContain('wiping the embedded database');
      expect(reset.stdout).toMatch(/Demo world seeded in .*3000 members/);
      expect(reset.stdout).toContain(DEMO_PEOPLE.admin.email);
      expect(reset.status).toBe(0);
      expect(postgresProcessesFor(demoDir)).toEqual([]);

      const third = startApi(env);
      try {
        await waitReady(port, third.child, 90_000);
        expect((await login(port, 'visitor@example.com', 'visitor-password-1')).status).toBe(401);
        expect((await login(port, DEMO_PEOPLE.frontDesk.email, DEMO_PASSWORD)).status).toBe(200);
      } finally {
        third.child.kill('SIGTERM');
      }
      expect(await exited(third.child)).toBe(0);
    });
  });
});
