#!/usr/bin/env node
// `npm run test:e2e`: starts a fresh PerkRank (embedded Postgres in a temporary DATA_DIR, seeded
// demo world, a free port), runs the Playwright suite against it in Debian's Chromium, stops it.
// Extra arguments go to Playwright (`npm run test:e2e -- -g "front desk"`).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { chmodSync, existsSync, mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url, api, deadline) {
  while (Date.now() < deadline) {
    if (api.exitCode !== null)
      throw new Error(`the API exited with code ${api.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the API did not get ready in time');
}

async function main() {
  if (!existsSync(chromium)) {
    console.error(
      `No Chromium at ${chromium}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  // Screenshots of this run only (test-results/ is git-ignored).
  rmSync(join(root, 'test-results', 'screenshots'), { recursive: true, force: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'perkrank-e2e-'));
  // Run as root, the embedded Postgres drops to another user, which must reach its data folder.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const api = spawn(process.execPath, [join(root, 'scripts', 'run.js'), 'api'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'fatal', PERKRANK_DEMO: 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let status = 1;
  try {
    // Building (API and web app) can take a few minutes on a cold checkout; seeding takes seconds.
    await waitReady(url, api, Date.now() + 10 * 60_000);
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', '@playwright', 'test', 'cli.js'),
        'test',
        '-c',
        join(root, 'apps', 'web', 'playwright.config.ts'),
        ...process.argv.slice(2),
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, PERKRANK_URL: url } },
    );
    status = result.status ?? 1;
    spawnSync(process.execPath, [join(root, 'scripts', 'web.js'), 'sizes'], { cwd: root, stdio: 'inherit' });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    if (api.exitCode === null) {
      api.kill('SIGINT');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          api.kill('SIGKILL');
          resolve();
        }, 20_000);
        api.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(status);
}

void main();
