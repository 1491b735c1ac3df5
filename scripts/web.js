#!/usr/bin/env node
// The web app's build steps, for `npm start` (scripts/run.js), CI and people:
//   node scripts/web.js build         build apps/web into dist/web (Vite), then print the bundle sizes
//   node scripts/web.js build-if-stale  the same, only when apps/web, openapi.json or the lockfile changed
//   node scripts/web.js sizes         gzip sizes of what a cold load of each page ships; fails over budget
//   node scripts/web.js client        regenerate apps/web/src/api/schema.ts from openapi.json
//   node scripts/web.js client:check  fail when schema.ts differs from what openapi.json generates
'use strict';
const { spawnSync } = require('node:child_process');
const {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');
const { gzipSync } = require('node:zlib');

const root = join(__dirname, '..');
const webRoot = join(root, 'apps', 'web');
const out = join(root, 'dist', 'web');
const stamp = join(out, '.build-stamp');
const schema = join(webRoot, 'src', 'api', 'schema.ts');
/** The budget: compressed JavaScript of the first page of a cold load. */
const FIRST_LOAD_BUDGET = 250 * 1024;

function run(bin, args) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', bin), ...args], {
    cwd: root,
    stdio: 'inherit',
    // What is built is always what ships: an inherited NODE_ENV (Jest sets `test`) would make Vite
    // bundle React's development build, half again as large and over the first-load budget.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'e2e' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function stale() {
  if (!existsSync(join(out, 'index.html')) || !existsSync(stamp)) return true;
  const inputs = [newest(webRoot), statSync(join(root, 'package-lock.json')).mtimeMs];
  return Math.max(...inputs) > statSync(stamp).mtimeMs;
}

function build() {
  process.stderr.write('Building the web app (vite build)…\n');
  const started = Date.now();
  // Build beside dist/web and move it into place, so two programs starting at once (parallel test
  // workers, two API processes) never write into, or serve from, a half-written folder.
  const next = `${out}.next-${process.pid}`;
  const args = ['build', '--config', join(webRoot, 'vite.config.mts'), '--logLevel', 'warn'];
  run('vite/bin/vite.js', [...args, '--outDir', next, '--emptyOutDir']);
  writeFileSync(join(next, '.build-stamp'), new Date().toISOString());
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  try {
    renameSync(next, out);
  } catch {
    rmSync(next, { recursive: true, force: true }); // another build moved its copy in first
  }
  rmSync(old, { recursive: true, force: true });
  process.stderr.write(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  sizes();
}

/** Every JS file a page pulls in: the entry, the page's lazy chunk, and their static imports. */
function closure(manifest, keys) {
  const files = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return [...files].filter((f) => f.endsWith('.js'));
}

function sizes() {
  const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8'));
  const gz = (file) => gzipSync(readFileSync(join(out, file)), { level: 9 }).length;
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const pages = Object.keys(manifest).filter((k) => /\/pages\/.+Page\.tsx$/.test(k));
  const rows = pages.map((page) => {
    const files = closure(manifest, [entry, page]);
    return { page: page.replace(/^.*\/pages\//, ''), kB: files.reduce((sum, f) => sum + gz(f), 0) / 1024 };
  });
  rows.sort((a, b) => b.kB - a.kB);
  const shell = closure(manifest, [entry]).reduce((sum, f) => sum + gz(f), 0) / 1024;
  console.log(`Web app bundle (gzip): shell ${shell.toFixed(1)} kB; a cold load of each page ships:`);
  for (const row of rows) console.log(`  ${row.kB.toFixed(1).padStart(7)} kB  ${row.page}`);
  const deferred = Object.keys(manifest).filter((k) => k.endsWith('components/charts.tsx'));
  if (deferred.length) {
    const kB =
      closure(manifest, deferred)
        .filter((f) => !closure(manifest, [entry]).includes(f))
        .reduce((sum, f) => sum + gz(f), 0) / 1024;
    console.log(
      `  charts, loaded after the page renders (score history, campaign stats): ${kB.toFixed(1)} kB more`,
    );
  }
  const over = rows.filter((row) => row.kB * 1024 > FIRST_LOAD_BUDGET);
  if (over.length) {
    console.error(
      `Over the ${FIRST_LOAD_BUDGET / 1024} kB first-load budget: ${over.map((r) => r.page).join(', ')}`,
    );
    process.exitCode = 1;
  }
}

/** Types, and with --enum-values each enum's values as an array the web app imports (one source). */
function generate(target) {
  const args = [join(root, 'openapi.json'), '--enum-values', '--output', target, '--silent'];
  run('openapi-typescript/bin/cli.js', args);
}

function checkClient() {
  const dir = mkdtempSync(join(tmpdir(), 'perkrank-client-'));
  try {
    const fresh = join(dir, 'schema.ts');
    generate(fresh);
    if (readFileSync(fresh, 'utf8') !== readFileSync(schema, 'utf8')) {
      console.error(
        `${relative(root, schema)} is out of date with openapi.json: run \`npm run web:client\` and commit it.`,
      );
      process.exit(1);
    }
    console.log(`${relative(root, schema)} matches openapi.json.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One build at a time per checkout (Vite refuses a second one): a lock folder holding the
 * builder's pid; a later caller waits for it, and one whose holder died takes it over.
 */
function withBuildLock(fn) {
  const lock = join(root, 'dist', '.web-build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let holder = 0;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // the holder has not written its pid yet
      }
      if (holder && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another web build holds ${lock}`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const command = process.argv[2];
if (command === 'build') withBuildLock(build);
else if (command === 'build-if-stale') {
  if (stale()) withBuildLock(() => stale() && build());
} else if (command === 'sizes') sizes();
else if (command === 'client') generate(schema);
else if (command === 'client:check') checkClient();
else {
  console.error('usage: node scripts/web.js build | build-if-stale | sizes | client | client:check');
  process.exit(2);
}
