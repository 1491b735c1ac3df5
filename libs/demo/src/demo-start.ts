import type { Logger } from 'pino';
import type { DemoOutcome, DemoPhase, DemoSeeder } from './demo-seeder.service';
import { demoLoginLines } from './demo-world';

const RESET_HINT =
  'stop the API and run `npm run cli -- demo:reset` to seed it again, or start with PERKRANK_DEMO=false';

/**
 * The demo world on start-up (see @perkrank/demo): seeds an empty embedded database, logs what it
 * did, and once the API listens prints who to log in as. A failed seed does not stop the API:
 * the product works without it, and the next start warns until `demo:reset` is run.
 */
export async function seedDemoOnStart(
  seeder: DemoSeeder,
  database: { isEmbedded: boolean },
  logger: Logger,
): Promise<{ afterListen(baseUrl: string): void }> {
  let outcome: DemoOutcome;
  let phase: DemoPhase | undefined;
  try {
    outcome = await seeder.onStart(database, {
      onProgress: (p) => {
        if (p.phase === phase) return;
        phase = p.phase;
        logger.info(`demo world: ${p.phase} (${p.detail})…`);
      },
    });
  } catch (error) {
    logger.error({ err: error }, `seeding the demo world failed: ${RESET_HINT}`);
    return { afterListen: () => undefined };
  }
  switch (outcome.kind) {
    case 'off':
      if (outcome.reason.startsWith('STRIPE')) logger.info(`no demo world: ${outcome.reason}`);
      return { afterListen: () => undefined };
    case 'not_empty':
      return { afterListen: () => undefined };
    case 'interrupted':
      return {
        afterListen: () =>
          logger.warn(
            `The demo world was only partly seeded (an earlier first start stopped half-way): ${RESET_HINT}.`,
          ),
      };
    case 'present':
      return { afterListen: (base) => logger.info(demoLoginLines(base).join('\n')) };
    case 'seeded': {
      const { apiKey, ...summary } = outcome.summary;
      logger.info(
        { demo: summary },
        `demo world seeded in ${(summary.ms / 1000).toFixed(1)} s: ${summary.members} members, ` +
          `${summary.interactions} interactions, ${summary.scored} scored, ` +
          `${summary.claims.reserved + summary.claims.redeemed} claims (${summary.claims.redeemed} redeemed)`,
      );
      return {
        afterListen: (base) =>
          logger.info(
            [
              ...demoLoginLines(base),
              `The hotel's front-desk API key (X-Api-Key, shown this once): ${apiKey}`,
            ].join('\n'),
          ),
      };
    }
  }
}
