#!/usr/bin/env node
// Runs one of the compiled programs (api, worker, cli), building first when the sources are newer
// than the last build, so `npm start` and `npm run cli` work on a fresh clone with no extra step.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const [program, ...args] = process.argv.slice(2);
const entry = join(root, 'dist', 'apps', program, 'src', 'main.js');
const stamp = join(root, 'dist', '.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (name.name === 'node_modules' || name.name.startsWith('.')) continue;
    const path = join(dir, name.name);
    if (name.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (name.name.endsWith('.ts') && !name.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(entry) || !existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = ['apps', 'libs', 'migrations'].map((d) => newestSource(join(root, d)));
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'])
    inputs.push(statSync(join(root, f)).mtimeMs);
  return Math.max(...inputs) > built;
}

if (needsBuild()) {
  process.stderr.write('Building PerkRank (nest build)…\n');
  const started = Date.now();
  const result = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, new Date().toISOString());
  process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

// The API serves the web app: build it too when its sources changed (scripts/web.js).
if (program === 'api') {
  const web = spawnSync(process.execPath, [join(__dirname, 'web.js'), 'build-if-stale'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (web.status !== 0) process.exit(web.status ?? 1);
}

process.argv = [process.argv[0], entry, ...args];
require(entry);
