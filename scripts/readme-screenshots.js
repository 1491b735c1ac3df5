#!/usr/bin/env node
// `npm run docs:screenshots`: copies the pictures the README shows (docs/screenshots/<name>.png)
// from the last browser-suite run (`npm run test:e2e` saves every checked page as
// test-results/screenshots/NN-<name>.png), so they show the app as it is now.
'use strict';
const { copyFileSync, existsSync, readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const from = join(root, 'test-results', 'screenshots');
const names = [
  ...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/docs\/screenshots\/([\w-]+)\.png/g),
].map((m) => m[1]);
const shots = existsSync(from) ? readdirSync(from) : [];
const missing = [];
for (const name of new Set(names)) {
  const shot = shots.find((file) => file.replace(/^\d+-/, '') === `${name}.png`);
  if (!shot) {
    missing.push(name);
    continue;
  }
  copyFileSync(join(from, shot), join(root, 'docs', 'screenshots', `${name}.png`));
  console.log(`docs/screenshots/${name}.png ← test-results/screenshots/${shot}`);
}
if (missing.length > 0) {
  console.error(`Not in ${from} (run \`npm run test:e2e\` first): ${missing.join(', ')}`);
  process.exit(1);
}
