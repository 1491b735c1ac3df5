import Module from 'node:module';
import { join } from 'node:path';

/**
 * Jest's moduleNameMapper does not reach globalSetup, which loads our libraries with plain
 * require: resolve the `@perkrank/*` aliases there the way jest.config.js does.
 */
const root = join(__dirname, '..', '..');
const targets: Record<string, string> = {
  '@perkrank/migrations': join(root, 'migrations', 'index.ts'),
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
mod._resolveFilename = function resolve(request: string, ...rest: unknown[]): string {
  const lib = /^@perkrank\/([a-z-]+)$/.exec(request);
  if (lib)
    return original.call(this, targets[request] ?? join(root, 'libs', lib[1], 'src', 'index.ts'), ...rest);
  return original.call(this, request, ...rest);
};
