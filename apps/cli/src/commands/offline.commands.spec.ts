import { MODEL_V1, MODEL_V2, MODELS } from '@perkrank/scoring';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  compareModels,
  OfflineInputError,
  parseTimeArgument,
  scoreFile,
  scoreFileCommand,
  validateCommand,
  validateFile,
  type OfflineIo,
} from './offline.commands';

const DAY = 86_400;
const SPLIT = Date.UTC(2024, 0, 1) / 1000;

/** Collects what a command writes. */
function io(): OfflineIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    out: () => out,
    err: () => err,
  };
}

/**
 * A small dump: 40 members; member m receives replies from m+1 distinct actors spread over the 120
 * days before the split (a recent-heavy gradient), and the future window repeats the pattern, so
 * a sane score predicts it. Plus a share, a like, a mention and a self-interaction.
 */
function smallDump(): string {
  const lines: string[] = [];
  for (let m = 0; m < 40; m++) {
    for (let k = 0; k <= m; k++) {
      const age = ((k * 7 + m) % 120) + 1;
      lines.push(`actor${k}\tmember${m}\t${SPLIT - age * DAY}\t${k % 3 === 0 ? 'answer' : 'comment'}`);
      if (k % 2 === 0) lines.push(`actor${k}\tmember${m}\t${SPLIT + (k + 1) * DAY}\treply`);
    }
  }
  lines.push(`actor1\tmember5\t${SPLIT - 3 * DAY}\tshare`);
  lines.push(`actor2\tmember6\t${SPLIT - 3 * DAY}\tlike`);
  lines.push(`actor3\tmember7\t${SPLIT - 3 * DAY}\tmention`);
  lines.push(`member8\tmember8\t${SPLIT - 3 * DAY}\treply`);
  return lines.join('\n') + '\n';
}

describe('offline commands', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'perkrank-offline-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  describe('score:file', () => {
    it('scores every target in order of first appearance, with points that add up, plain or gzip', async () => {
      const plain = file('dump.tsv', smallDump());
      const gz = file('dump.tsv.gz', gzipSync(smallDump()));
      const a = io();
      const summary = await scoreFile(
        { input: plain, out: join(dir, 'plain.csv'), now: SPLIT, model: MODEL_V2 },
        a,
      );
      await scoreFile({ input: gz, out: join(dir, 'gz.csv'), now: SPLIT, model: MODEL_V2 }, io());
      const csv = readFileSync(join(dir, 'plain.csv'), 'utf8');
      expect(readFileSync(join(dir, 'gz.csv'), 'utf8')).toBe(csv);

      const [header, ...rows] = csv.trim().split('\n');
      expect(header).toBe('id,score,raw,network,engagement,amplification,reach');
      expect(summary.members).toBe(40);
      expect(rows.map((r) => r.split(',')[0])).toEqual(Array.from({ length: 40 }, (_, m) => `member${m}`));
      for (const row of rows) {
        const [, score, raw, ...points] = row.split(',').map(Number);
        expect(Number.isFinite(raw)).toBe(true);
        expect(score).toBeGreaterThan(0);
        expect(score).toBeLessThanOrEqual(100);
        const tenths = points.reduce((sum, p) => sum + Math.round(p * 10), 0);
        expect(tenths).toBe(Math.round(score * 10));
        expect(points[3]).toBe(0); // no follower data: no reach points
      }
      // More distinct engagers, more recent: the last member outscores the first.
      expect(Number(rows[39].split(',')[1])).toBeGreaterThan(Number(rows[0].split(',')[1]));
      expect(a.out()).toContain('Reach is absent');
      expect(a.out()).toContain('Scored 40 members');
      expect(a.out()).toMatch(/Rows at or after --now ignored: \d+; self-interactions skipped: 1\./);
      expect(a.err()).toContain('read 100.0%');
    });

    it('skips and reports malformed lines and unknown kinds, and scores the rest', async () => {
      const input = file(
        'messy.tsv',
        'a\tb\t1700000000\treply\r\n' +
          'a\tb\tnot-a-time\treply\n' +
          'a\tb\n' +
          '\n' +
          'c\tb\t1700000100\tretweet\n' +
          'c\tb\t1700000200\tretweet\n' +
          'c\td\t1700000300\tcomment\n' +
          'x\ty\t1700000400\treply\textra',
      );
      const a = io();
      const summary = await scoreFile(
        { input, out: join(dir, 'messy.csv'), now: 1_700_001_000, model: MODEL_V1 },
        a,
      );
      expect(summary.rows).toBe(2);
      expect(a.err()).toContain('Skipped 3 malformed lines');
      expect(a.err()).toContain('line 2: unix_seconds "not-a-time" is not a number');
      expect(a.err()).toContain('line 3: expected 4 tab-separated fields');
      expect(a.err()).toContain('line 8: more than 4 tab-separated fields');
      expect(a.err()).toContain('Skipped rows of unknown kinds: "retweet" 2');
      const rows = readFileSync(join(dir, 'messy.csv'), 'utf8').trim().split('\n').slice(1);
      expect(rows.map((r) => r.split(',')[0])).toEqual(['b', 'd']);
    });

    it('refuses an empty file, a file with nothing usable, and nothing before --now', async () => {
      const empty = file('empty.tsv', '');
      await expect(
        scoreFile({ input: empty, out: join(dir, 'x.csv'), now: SPLIT, model: MODEL_V2 }, io()),
      ).rejects.toThrow(/is empty: expected lines of actor<TAB>target<TAB>unix_seconds<TAB>kind/);
      const emptyGz = file('empty.tsv.gz', gzipSync(''));
      await expect(
        scoreFile({ input: emptyGz, out: join(dir, 'x.csv'), now: SPLIT, model: MODEL_V2 }, io()),
      ).rejects.toThrow(/is empty/);
      const junk = file('junk.tsv', 'id,score\n1,2\n');
      await expect(
        scoreFile({ input: junk, out: join(dir, 'x.csv'), now: SPLIT, model: MODEL_V2 }, io()),
      ).rejects.toThrow(/has no usable rows \(2 malformed, 0 of unknown kinds\)/);
      const late = file('late.tsv', `a\tb\t${SPLIT + DAY}\treply\n`);
      await expect(
        scoreFile({ input: late, out: join(dir, 'x.csv'), now: SPLIT, model: MODEL_V2 }, io()),
      ).rejects.toThrow(/no member to score/);
    });

    it('answers bad arguments with exit code 64 and a message that says what to fix', async () => {
      const input = file('ok.tsv', smallDump());
      const written: string[] = [];
      const spy = jest
        .spyOn(process.stderr, 'write')
        .mockImplementation((s) => (written.push(String(s)), true));
      try {
        const run = (values: Record<string, string>) =>
          scoreFileCommand.run({ values, positionals: [] } as never);
        expect(await run({ now: '2024-01-01', out: join(dir, 'o.csv') })).toBe(64);
        expect(await run({ input, out: join(dir, 'o.csv') })).toBe(64);
        expect(await run({ input, now: 'yesterday', out: join(dir, 'o.csv') })).toBe(64);
        expect(await run({ input, now: '2024-01-01', out: join(dir, 'o.csv'), model: 'v9' })).toBe(64);
        expect(
          await run({ input: join(dir, 'missing.tsv'), now: '2024-01-01', out: join(dir, 'o.csv') }),
        ).toBe(64);
        expect(await run({ input, now: '2024-01-01', out: join(dir, 'no-such-dir', 'o.csv') })).toBe(64);
        const v = (values: Record<string, string>) =>
          validateCommand.run({ values, positionals: [] } as never);
        expect(await v({ input, split: '2024-01-01' })).toBe(64);
        expect(await v({ input, split: '2024-01-01', end: '2023-12-01' })).toBe(64);
        expect(await v({ input, split: '2024-01-01', end: '2024-07-01', 'recent-days': '0' })).toBe(64);
      } finally {
        spy.mockRestore();
      }
      const text = written.join('');
      expect(text).toContain('--input is required');
      expect(text).toContain('--now is required');
      expect(text).toContain('--now must be unix seconds, a date (2015-09-01) or an ISO time');
      expect(text).toContain('--model must be one of v1, v2, not "v9"');
      expect(text).toMatch(/missing\.tsv cannot be read: ENOENT/);
      expect(text).toMatch(/--out .* cannot be written: ENOENT/);
      expect(text).toContain('--end is required');
      expect(text).toContain('--end must be after --split');
      expect(text).toContain('--recent-days must be a whole number of days ≥ 1');
    });
  });

  describe('validate', () => {
    it('prints every model, every component and the baselines side by side', async () => {
      const input = file('validate.tsv.gz', gzipSync(smallDump()));
      const a = io();
      const report = await validateFile(
        { input, split: SPLIT, end: SPLIT + 182 * DAY, models: MODELS, recentDays: 90 },
        a,
      );
      expect(report.task.population).toBe(40);
      const names = report.rows.map((r) => r.name);
      expect(names).toEqual([
        'score v1',
        'raw v1',
        'v1 network alone',
        'v1 engagement alone',
        'v1 amplification alone',
        'v1 reach alone',
        'score v2',
        'raw v2',
        'v2 network alone',
        'v2 engagement alone',
        'v2 amplification alone',
        'v2 reach alone',
        'interactions received',
        'distinct engagers',
        'PageRank, unweighted',
        'PageRank, distinct pairs',
        'interactions received, last 90 days',
      ]);
      // The future mirrors the past gradient: every model and the received count see it.
      const rho = (name: string) => report.rows.find((r) => r.name === name)!.rho;
      expect(rho('score v2')).toBeGreaterThan(0.8);
      expect(rho('interactions received')).toBeGreaterThan(0.9);
      expect(Number.isNaN(rho('v2 reach alone'))).toBe(true);
      expect(a.out()).toContain('| score v2 ');
      expect(a.out()).toContain('population 40');
      expect(a.out()).toMatch(/score v2: ρ [+−]\d\.\d{3}, top-1 %/);
      expect(a.out()).toContain('|   n/a |');
    });

    it('refuses an empty file', async () => {
      const input = file('v-empty.tsv', '');
      await expect(
        validateFile({ input, split: SPLIT, end: SPLIT + DAY, models: MODELS, recentDays: 90 }, io()),
      ).rejects.toBeInstanceOf(OfflineInputError);
    });
  });

  describe('score:compare', () => {
    it('reports how a model change moves the scores, through the moving average', async () => {
      const input = file('compare.tsv', smallDump());
      const a = io();
      const report = await compareModels({ input, now: SPLIT, from: MODEL_V1, to: MODEL_V2 }, a);
      expect(report).toMatchObject({ from: 'v1', to: 'v2', members: 40 });
      expect(report.bands.reduce((n, b) => n + b.members, 0)).toBe(40);
      // The first day after the change moves nobody further than the new model alone would.
      expect(Math.abs(report.published.p1)).toBeLessThanOrEqual(Math.abs(report.daily.p1) + 0.05);
      expect(Math.abs(report.published.p99)).toBeLessThanOrEqual(Math.abs(report.daily.p99) + 0.05);
      for (const m of [...report.risers, ...report.fallers]) {
        expect(m.published).toBeCloseTo(0.3 * m.daily + 0.7 * m.previousScore, 0);
      }
      expect(a.out()).toContain('Model change v1 → v2: 40 members');
      expect(a.out()).toContain('| largest risers (percentile v1 → v2)');
    });
  });

  it('reads times as unix seconds, UTC dates and ISO times', () => {
    expect(parseTimeArgument('1441065600', 'now')).toBe(1441065600);
    expect(parseTimeArgument('2015-09-01', 'now')).toBe(1441065600);
    expect(parseTimeArgument('2015-09-01T00:00:00Z', 'now')).toBe(1441065600);
    expect(parseTimeArgument('2015-09-01T02:00:00+02:00', 'now')).toBe(1441065600);
    expect(parseTimeArgument('2015-09-01T00:00', 'now')).toBe(1441065600);
    expect(() => parseTimeArgument('Sep 1 2015', 'now')).toThrow(OfflineInputError);
  });
});

/**
 * On the real data (SNAP sx-mathoverflow, see docs/scoring.md for where to get it): the baselines
 * reproduce the data README's table to the last digit, and v2 beats every baseline on every fold.
 * Set SX_MATHOVERFLOW=<path to sx-mathoverflow.tsv.gz> to run; skipped otherwise.
 */
const DATA = process.env.SX_MATHOVERFLOW;
const withData = DATA ? describe : describe.skip;
withData(
  `validate on sx-mathoverflow (${DATA ? DATA : 'skipped: set SX_MATHOVERFLOW=<path to sx-mathoverflow.tsv.gz>'})`,
  () => {
    const folds: [string, string, Record<string, [number, number]>][] = [
      [
        '2015-09-01',
        '2016-03-01',
        { 'interactions received': [0.343, 0.45], 'interactions received, last 90 days': [0.412, 0.5] },
      ],
      [
        '2015-03-01',
        '2015-09-01',
        { 'interactions received': [0.355, 0.417], 'interactions received, last 90 days': [0.42, 0.535] },
      ],
      [
        '2014-09-01',
        '2015-03-01',
        { 'interactions received': [0.357, 0.405], 'interactions received, last 90 days': [0.435, 0.497] },
      ],
      [
        '2014-03-01',
        '2014-09-01',
        { 'interactions received': [0.372, 0.389], 'interactions received, last 90 days': [0.449, 0.446] },
      ],
    ];
    it.each(folds)(
      'split %s → %s: baselines as published, v2 ahead of all of them',
      async (split, end, published) => {
        const report = await validateFile(
          {
            input: DATA!,
            split: parseTimeArgument(split, 'split'),
            end: parseTimeArgument(end, 'end'),
            models: [MODEL_V2],
            recentDays: 90,
          },
          io(),
        );
        const row = (name: string) => report.rows.find((r) => r.name === name)!;
        for (const [name, [rho, top1]] of Object.entries(published)) {
          expect(row(name).rho.toFixed(3)).toBe(rho.toFixed(3));
          expect(row(name).top1.toFixed(3)).toBe(top1.toFixed(3));
        }
        const baselines = report.rows.filter((r) => r.kind === 'baseline');
        const v2 = row('score v2');
        for (const b of baselines) {
          expect(v2.rho).toBeGreaterThan(b.rho);
          expect(v2.top1).toBeGreaterThan(b.top1);
          expect(v2.top01).toBeGreaterThanOrEqual(b.top01);
        }
      },
      60_000,
    );
  },
);
