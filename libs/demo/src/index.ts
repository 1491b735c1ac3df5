/**
 * @perkrank/demo — the demo world a newcomer lands in: people for every role, a hotel and a café
 * with campaigns in each state, a generated population with a scoring run done, claims reserved
 * and redeemed. Seeded through the same services the API uses; owns no tables (its markers are
 * audit-log entries). Also the synthetic world in the database (WorldWriter) for `generate:world`
 * and the benchmarks. Loaded only by processes that ask for the demo.
 */
export * from './demo.module';
export * from './demo-seeder.service';
export * from './demo-world';
export * from './demo-start';
export * from './world/world.module';
export * from './world/world-writer';
export { SEED_COMPLETED, SEED_STARTED } from './demo.repository';
