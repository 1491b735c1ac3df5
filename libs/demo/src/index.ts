/**
 * @perkrank/demo — the demo world a newcomer lands in: people for every role, a hotel and a café
 * with campaigns in each state, a generated population with a scoring run done, claims reserved
 * and redeemed. Seeded through the same services the API uses; owns no tables (its markers are
 * audit-log entries).
 */
export * from './demo.module';
export * from './demo-seeder.service';
export * from './demo-world';
export { SEED_COMPLETED, SEED_STARTED } from './demo.repository';
