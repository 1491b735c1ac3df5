import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const repo = join(__dirname, '..', '..');
const SOURCE = /\.(ts|tsx|mts|cts)$/;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (SOURCE.test(entry.name)) yield path;
  }
}

/** `apps/api`, `libs/core`, `test`, `bench`, `migrations`: the part of the tree a path is in. */
function zone(path: string): string {
  const [top, name] = path.split(sep);
  return top === 'apps' || top === 'libs' ? `${top}/${name}` : top;
}

/**
 * Every import (static, re-export, dynamic, require) that reaches into a program's folder from
 * outside it: an app into another app, a library or a test into any app. Programs share code
 * through libraries (`@perkrank/platform` for the module graph and start-up). Benchmarks may
 * measure a program's own code.
 */
function crossAppImports(root: string): string[] {
  const found: string[] = [];
  for (const top of ['apps', 'libs', 'migrations', 'test']) {
    let files: string[];
    try {
      files = [...sources(join(root, top))];
    } catch {
      continue;
    }
    for (const file of files) {
      const from = zone(relative(root, file));
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        if (!fileName.startsWith('.')) continue;
        const target = relative(root, resolve(dirname(file), fileName));
        const to = zone(target);
        if (to.startsWith('apps/') && to !== from) found.push(`${relative(root, file)} imports ${fileName}`);
      }
    }
  }
  return found;
}

describe('programs do not import each other', () => {
  it('no app, library or test reaches into an app’s files', () => {
    expect(crossAppImports(repo)).toEqual([]);
  });

  it('the check finds such an import (an app into another, a test or library into an app)', () => {
    const root = mkdtempSync(join(tmpdir(), 'perkrank-apps-'));
    try {
      const files: Record<string, string> = {
        'apps/api/src/app.module.ts': 'export class AppModule {}\n',
        'apps/api/src/main.ts': "import { AppModule } from './app.module';\n",
        'apps/worker/src/main.ts': "import { AppModule } from '../../api/src/app.module';\n",
        'apps/cli/src/main.ts': "const m = await import('../../api/src/app.module');\n",
        'libs/a/src/index.ts': "export * from '../../../apps/api/src/app.module';\n",
        'test/support/app.ts': "import { AppModule } from '@perkrank/platform';\n",
        'test/x.spec.ts': "const { AppModule } = require('../apps/api/src/app.module');\n",
      };
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
      }
      expect(crossAppImports(root).sort()).toEqual([
        'apps/cli/src/main.ts imports ../../api/src/app.module',
        'apps/worker/src/main.ts imports ../../api/src/app.module',
        'libs/a/src/index.ts imports ../../../apps/api/src/app.module',
        'test/x.spec.ts imports ../apps/api/src/app.module',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
