/**
 * @perkrank/scoring — the PerkRank score, models v1 and v2 (see docs/scoring.md): the pure engine that turns
 * interactions into the engagement graph, runs weighted PageRank, computes the member features,
 * standardises, adjusts, calibrates to 0–100, smooths and explains. No I/O, no framework: plain
 * functions over typed arrays, deterministic bit for bit. It also owns the published model
 * description and a synthetic world generator for tests and benchmarks.
 */
export * from './adjustments';
export * from './calibration';
export * from './csr';
export * from './edge-aggregator';
export * from './explanation';
export * from './features';
export * from './interaction-log';
export * from './model';
export * from './model-change';
export * from './offline';
export * from './pagerank';
export * from './prng';
export * from './robust-stats';
export * from './score-population';
export * from './stability';
export * from './world-generator';
