import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end without blocking this process, collecting its output. A blocked event
 * loop (spawnSync) would stall an API served from this process, and miss a server closing idle
 * keep-alive sockets, so the next fetch would reuse a dead one.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The repository root and `scripts/run.js`, the launcher `npm start` (and `npm run cli`) use. */
export const REPO_ROOT = join(__dirname, '..', '..');
export const RUN_SCRIPT = join(REPO_ROOT, 'scripts', 'run.js');

/**
 * The environment a real program gets: this one's, with JSON logs at info, without what belongs to
 * the test run (its database, its test state, jest's NODE_OPTIONS), then `extra`.
 */
export function programEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.PERKRANK_TEST_STATE;
  delete env.NODE_OPTIONS; // jest's own flags are not the app's
  return { ...env, ...extra };
}

/** Builds the programs if the sources changed since the last build (the CLI's help); throws the output if that fails. */
export function buildPrograms(): void {
  const build = spawnSync(process.execPath, [RUN_SCRIPT, 'cli', 'help'], {
    cwd: REPO_ROOT,
    env: programEnv({}),
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
}

/** Starts the API program with its output collected. */
export function startApi(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [RUN_SCRIPT, 'api'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/** Waits until the API on `port` answers /health/ready with 200; how long that took (ms). */
export async function waitReady(port: number, child: ChildProcess, timeoutMs: number): Promise<number> {
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

/** The program's exit code once it has ended (null when a signal ended it). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}
