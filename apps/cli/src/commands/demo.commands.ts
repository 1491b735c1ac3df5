import { DemoSeeder, demoLoginLines } from '@perkrank/demo';
import { EMBEDDED_DATABASE, migrateDatabase, resolveDatabase, withDatabase } from '@perkrank/core';
import { Client } from 'pg';
import { withContextOn } from './app-context';
import type { Command } from './command';
import { formatSeconds, ProgressBar } from './progress';

/**
 * `demo:reset`: drops the embedded database, migrates a new one and seeds the demo world into it.
 * Only the embedded default: a DATABASE_URL names a server someone else may depend on, and there
 * `dropdb` is the honest tool.
 */
export const demoReset: Command = {
  name: 'demo:reset',
  usage: 'demo:reset',
  summary: 'Wipe the embedded database and seed the demo world again (not with DATABASE_URL)',
  async run({ config, logger }) {
    if (config.DATABASE_URL) {
      process.stderr.write(
        'demo:reset wipes the embedded demo database only, and DATABASE_URL is set: refusing to touch that server.\n' +
          'Unset DATABASE_URL to reset the embedded demo (data in DATA_DIR).\n',
      );
      return 1;
    }
    const started = Date.now();
    const db = await resolveDatabase(config, (line) => logger.debug(line));
    try {
      if (!db.embedded) {
        process.stderr.write(
          'demo:reset: the API (or another PerkRank process) is using the embedded database. Stop it first (Ctrl-C), then run demo:reset again.\n',
        );
        return 1;
      }
      process.stderr.write(`demo:reset: wiping the embedded database in ${config.dataDir}…\n`);
      const admin = new Client({ connectionString: withDatabase(db.url, 'postgres') });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${EMBEDDED_DATABASE}" WITH (FORCE)`);
        await admin.query(`CREATE DATABASE "${EMBEDDED_DATABASE}"`);
      } finally {
        await admin.end();
      }
      const ran = await migrateDatabase(db.url);
      process.stderr.write(`demo:reset: applied ${ran.length} migration(s); seeding…\n`);
      const bar = new ProgressBar({ label: 'demo:reset', plainEverySeconds: 2 });
      const outcome = await withContextOn(
        config,
        db.url,
        (app) =>
          app
            .get(DemoSeeder)
            .seedIfEmpty({ onProgress: (p) => bar.update(p.fraction, `${p.phase}: ${p.detail}`) }),
        { demo: true },
      );
      if (outcome.kind !== 'seeded') {
        process.stderr.write(
          `demo:reset: the demo world was not seeded: ${outcome.kind === 'off' ? outcome.reason : outcome.kind}\n`,
        );
        return 1;
      }
      const { summary } = outcome;
      bar.done('seeded');
      process.stdout.write(
        [
          `Demo world seeded in ${formatSeconds(summary.ms / 1000)} (${formatSeconds((Date.now() - started) / 1000)} in all): ` +
            `${summary.members} members, ${summary.interactions} interactions, ${summary.scored} scored, ` +
            `${summary.claims.reserved + summary.claims.redeemed} claims (${summary.claims.redeemed} redeemed).`,
          ...demoLoginLines(`http://localhost:${config.PORT}`),
          `The hotel's front-desk API key (X-Api-Key, shown this once): ${summary.apiKey}`,
          'Start the API with `npm start`.',
        ].join('\n') + '\n',
      );
      return 0;
    } finally {
      await db.embedded?.stop();
    }
  },
};
