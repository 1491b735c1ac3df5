/**
 * The API as its own process for the ingestion benchmark: a feeder and the API never share a
 * thread in production, so the benchmark's HTTP client must not steal the server's. Prints the
 * base URL on stdout once listening; stops on SIGTERM.
 */
import { benchConfig, benchHttpApp } from '../support/bench-app';

async function main(): Promise<void> {
  const [url, token] = process.argv.slice(2);
  const { app, base } = await benchHttpApp(benchConfig({ INGEST_TOKEN: token }), url);
  process.stdout.write(`${base}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
