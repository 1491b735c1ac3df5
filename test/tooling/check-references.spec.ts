import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const script = join(__dirname, '..', '..', 'scripts', 'check-references.js');

/** A small repository on disk: path → content. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'perkrank-refs-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function check(root: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

const SOUND = {
  'package.json': JSON.stringify({ engines: { node: '^20.19.0' } }),
  Dockerfile: 'ARG NODE_IMAGE=node:20-bookworm-slim\nFROM ${NODE_IMAGE}\n',
  'README.md': 'See [the API](docs/api.md#errors) and `libs/a/README.md`.\n',
  'docs/api.md': '# API\n\n## Errors\n\nBack to [the README](../README.md).\n',
  'libs/a/README.md': '# a\n',
  'libs/a/src/x.ts': '// The envelope: docs/api.md "Errors".\nconst file = \'generated.md\';\n',
};

describe('scripts/check-references.js', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const make = (files: Record<string, string>): string => {
    const root = repository(files);
    roots.push(root);
    return root;
  };

  it('passes a repository whose links, anchors and named documents all exist', () => {
    const result = check(make(SOUND));
    expect(result.output).toContain('every reference resolves');
    expect(result.status).toBe(0);
  });

  it('fails on each kind of reference that leaves the repository', () => {
    const design = ['..', 'shared', 'design'].join('/');
    const result = check(
      make({
        ...SOUND,
        'README.md': `Design notes: [here](${design}) and [the API](docs/api.md#nowhere).\n`,
        'libs/a/src/x.ts': '/** See API.md "Errors". */\nexport const x = 1;\n',
        'libs/a/README.md': '# a\n\nThe model is in ' + ['', 'work', 'shared', 'MODEL'].join('/') + '.md.\n',
        Dockerfile: 'FROM node:22-bookworm-slim\n',
      }),
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain('README.md:1: points at a folder beside the repository');
    expect(result.output).toContain(`README.md:1: link to ${design}, which is not in the repository`);
    expect(result.output).toContain('link to docs/api.md#nowhere, but docs/api.md has no such heading');
    expect(result.output).toContain('libs/a/src/x.ts:1: names API.md, which is not in the repository');
    expect(result.output).toContain('libs/a/README.md:3: names an absolute path of a build machine');
    expect(result.output).toContain("Dockerfile: builds on Node 22, but package.json's engines say Node 20");
  });
});
