// Lets plain `node` run benchmarks that boot the application: compiles .ts files with SWC on
// require (decorators and their metadata included, as Nest needs; no type checking — `npm run
// typecheck` does that) and resolves every @perkrank/* alias the way tsconfig.json does.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const special = { '@perkrank/migrations': path.join(root, 'migrations', 'index.ts') };

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@perkrank\/([a-z-]+)$/.exec(request);
  if (lib)
    return resolveFilename.call(
      this,
      special[request] ?? path.join(root, 'libs', lib[1], 'src', 'index.ts'),
      ...rest,
    );
  return resolveFilename.call(this, request, ...rest);
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
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
