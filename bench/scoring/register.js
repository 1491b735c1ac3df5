// Lets plain `node` run the TypeScript benchmarks: compiles .ts files with SWC on require (no type
// checking — `npm run typecheck` does that) and resolves the @perkrank/* aliases the way tsconfig does.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const aliases = {
  '@perkrank/scoring': path.join(root, 'libs/scoring/src/index.ts'),
  '@perkrank/core': path.join(root, 'libs/core/src/index.ts'),
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases[request] ?? request, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: false }, target: 'es2022', keepClassNames: true },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
