import { Command as Program, CommanderError } from 'commander';
import type { Command, CommandContext } from './commands/command';

/** Help fits a 100-column terminal, whatever the one it runs in. */
export const HELP_WIDTH = 100;

export type RunCommand = (
  command: Command,
  input: Pick<CommandContext, 'values' | 'positionals'>,
) => Promise<number>;

/**
 * The CLI as a commander program: one subcommand per Command, each with `--help` built from its
 * summary, options and arguments. `run` executes a command (main.ts starts the runtime first);
 * `exitOverride` turns commander's own exits into CommanderErrors for the caller to map.
 */
export function buildProgram(commands: readonly Command[], run: RunCommand): Program {
  const program = new Program('npm run cli --')
    .description('PerkRank admin, maintenance and offline scoring commands.')
    .configureHelp({ helpWidth: HELP_WIDTH, sortSubcommands: false })
    .helpCommand('help [command]', 'Show help for a command')
    .exitOverride()
    .showSuggestionAfterError(true);
  for (const command of commands) {
    const sub = program
      .command(command.name)
      .summary(command.summary)
      .description(command.summary)
      .exitOverride();
    for (const argument of command.arguments ?? []) sub.argument(`[${argument.name}]`, argument.description);
    for (const [name, option] of Object.entries(command.options ?? {})) {
      sub.option(
        option.type === 'string' ? `--${name} <${option.value ?? 'value'}>` : `--${name}`,
        option.description,
      );
    }
    if (command.help) sub.addHelpText('after', `\n${command.help}`);
    sub.action(async () => {
      const opts = sub.opts<Record<string, string | boolean | undefined>>();
      const values: CommandContext['values'] = {};
      for (const name of Object.keys(command.options ?? {})) {
        const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        if (opts[key] !== undefined) values[name] = opts[key];
      }
      process.exitCode = await run(command, { values, positionals: sub.args });
    });
  }
  return program;
}

/** Exit code for an error commander raised: 0 after help, 64 for a usage error. */
export function commanderExitCode(error: unknown): number | undefined {
  if (!(error instanceof CommanderError)) return undefined;
  return error.exitCode === 0 ? 0 : 64;
}
