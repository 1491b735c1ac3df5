import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@perkrank/core';

/**
 * The real programs as a person runs them: `node scripts/run.js api` is what `npm start` does.
 * Built once here if the sources changed since the last build.
 */
const root = join(__dirname, '..', '..');
const runScript = join(root, 'scripts', 'run.js');

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...extra };
  delete env.DATABASE_URL;
  delete env.PERKRANK_TEST_STATE;
  delete env.NODE_OPTIONS; // jest's own flags are not the app's
  for (const key of Object.keys(extra)) env[key] = extra[key];
  return env;
}

function postgresProcessesFor(dataDir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('postgres') && line.includes(dataDir));
}

async function waitReady(port: number, child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('the api program', () => {
  jest.setTimeout(240_000);
  let dataDir: string;

  beforeAll(() => {
    // Builds if needed and prints the CLI help; a failing build fails here with its output.
    const build = spawnSync(process.execPath, [runScript, 'cli', 'help'], {
      cwd: root,
      env: baseEnv({}),
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
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
    const result = spawnSync(process.execPath, [runScript, 'api'], {
      cwd: root,
      env: baseEnv(env),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(result.stderr).toContain(variable);
  });

  it('starts on the embedded database, stops cleanly on Ctrl-C, and keeps its data for the next start', async () => {
    const port = await freePort();
    const env = baseEnv({ DATA_DIR: dataDir, PORT: String(port) });
    const first = spawn(process.execPath, [runScript, 'api'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    first.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    first.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const readyMs = await waitReady(port, first, 60_000);
      expect(readyMs).toBeLessThan(60_000);
      expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
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
    expect(output).toContain('SIGINT received');
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    const second = spawn(process.execPath, [runScript, 'api'], { cwd: root, env, stdio: 'ignore' });
    try {
      await waitReady(port, second, 60_000);
      const login = await fetch(`http://127.0.0.1:${port}/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'kept@example.com', password: 'kept-password-123' }),
      });
      expect(login.status).toBe(200);

      // The CLI joins the embedded server the running API owns.
      const cli = spawnSync(
        process.execPath,
        [runScript, 'cli', 'admin:create', '--email', 'Ops@Example.com', '--password', 'ops-password-123'],
        {
          cwd: root,
          env,
          encoding: 'utf8',
          timeout: 60_000,
        },
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
});
