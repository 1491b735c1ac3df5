import { COMMANDS } from './commands';
import type { Command } from './commands/command';
import { buildProgram, commanderExitCode, HELP_WIDTH, type RunCommand } from './program';

/** Runs the program on `args`, capturing output; returns the exit code main.ts would use. */
async function cli(
  args: string[],
  commands: readonly Command[] = COMMANDS,
  run: jest.Mock<Promise<number>, Parameters<RunCommand>> = jest.fn((..._args: Parameters<RunCommand>) =>
    Promise.resolve(0),
  ),
): Promise<{ code: number; out: string; err: string; run: jest.Mock }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const before = process.exitCode;
  try {
    const program = buildProgram(commands, run);
    process.exitCode = undefined;
    await program.parseAsync(args, { from: 'user' });
    return { code: Number(process.exitCode ?? 0), out, err, run };
  } catch (error) {
    const code = commanderExitCode(error);
    if (code === undefined) throw error;
    return { code, out, err, run };
  } finally {
    process.exitCode = before;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('the CLI program', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s --help exits 0 with every option, in 100 columns',
    async (name, command) => {
      const { code, out, run } = await cli([name, '--help']);
      expect(code).toBe(0);
      expect(run).not.toHaveBeenCalled();
      expect(out).toContain(`Usage: npm run cli -- ${name}`);
      expect(out).toContain(command.summary);
      for (const option of Object.keys(command.options ?? {})) expect(out).toContain(`--${option}`);
      for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(HELP_WIDTH);
    },
  );

  it('lists every command in the top-level help and in `help`, in 100 columns', async () => {
    for (const args of [['--help'], ['help']]) {
      const { code, out } = await cli(args);
      expect(code).toBe(0);
      for (const c of COMMANDS) expect(out).toContain(c.name);
      for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(HELP_WIDTH);
    }
    const one = await cli(['help', 'score:file']);
    expect(one.code).toBe(0);
    expect(one.out).toContain('Usage: npm run cli -- score:file');
  });

  it('answers an unknown command or option with 64 and a suggestion', async () => {
    const unknown = await cli(['score:fil']);
    expect(unknown.code).toBe(64);
    expect(unknown.err).toContain("unknown command 'score:fil'");
    expect(unknown.err).toContain('score:file');
    const option = await cli(['validate', '--splitt', '2015-09-01']);
    expect(option.code).toBe(64);
    expect(option.err).toContain("unknown option '--splitt'");
    const missing = await cli(['score:file', '--input']);
    expect(missing.code).toBe(64);
    expect(missing.err).toContain("option '--input <file>' argument missing");
  });

  it('hands the command its options by their written names, its arguments, and returns its code', async () => {
    const seen: unknown[] = [];
    const command: Command = {
      name: 'probe',
      usage: 'probe',
      summary: 'A probe',
      arguments: [{ name: 'file', description: 'a file' }],
      options: {
        'as-of': { type: 'string', description: 'a time' },
        restart: { type: 'boolean', description: 'a flag' },
      },
      run: () => Promise.resolve(0),
    };
    const { code } = await cli(
      ['probe', 'x.ndjson', '--as-of', '2025-01-01', '--restart'],
      [command],
      jest.fn((c, input) => {
        seen.push(c.name, input);
        return Promise.resolve(3);
      }),
    );
    expect(code).toBe(3);
    expect(seen).toEqual([
      'probe',
      { values: { 'as-of': '2025-01-01', restart: true }, positionals: ['x.ndjson'] },
    ]);
  });
});
