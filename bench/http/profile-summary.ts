/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or `npm run bench:http -- --profile DIR`): self
 * time per package or source area, and the heaviest functions, so a flame graph's story fits in a
 * terminal without committing the profile.
 *
 *   node -r ./bench/support/register.js bench/http/profile-summary.ts FILE.cpuprofile [--top N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, our own libs/<context>, or a V8/Node internal category. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const lib = /\/(libs\/[^/]+|apps\/[^/]+|bench)\//.exec(url);
  if (lib) return lib[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  return url;
}

function main(): void {
  const file = process.argv[2];
  const topAt = process.argv.indexOf('--top');
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id)!;
    const a = area(callFrame.url, callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + micros);
    const fn = `${callFrame.functionName || '(anonymous)'} ${a}:${callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  // Inclusive time: each sample counts once for every distinct function on its (synchronous) stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, micros] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { callFrame } = byId.get(at)!;
      if (!callFrame.url) continue;
      const fn = `${callFrame.functionName || '(anonymous)'} ${area(callFrame.url, callFrame.functionName)}:${callFrame.lineNumber + 1}`;
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + micros);
    }
  }
  const print = (title: string, rows: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, micros] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
      process.stdout.write(`${((100 * micros) / total).toFixed(1).padStart(6)} %  ${name}\n`);
  };
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n`);
  print('self time by area', areas);
  print('self time by function', functions);
  print('inclusive time by function', inclusive);
}

main();
