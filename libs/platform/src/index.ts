/**
 * @perkrank/platform — what the programs (apps/api, apps/worker, apps/cli) share: the composition
 * root that wires every context into one module graph, the one way to boot it (over HTTP or as a
 * plain application context), and the start-up every program runs first (validated configuration
 * or exit 78, the root logger). Apps import this and the contexts, never each other.
 */
export * from './app.module';
export * from './boot';
export * from './runtime';
