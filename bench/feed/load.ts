/**
 * A closed-loop HTTP load generator: `concurrency` workers, each sending its next request as soon
 * as the previous answer arrived, over keep-alive connections on loopback. Stops at whichever
 * comes first, a request budget or a time budget.
 */
import { Agent } from 'node:http';
import { benchRequest } from '../support/bench-http';

export interface LoadOptions {
  port: number;
  /** Each request takes the next (path, bearer token) pair, round robin. */
  targets: ReadonlyArray<{ path: string; token: string }>;
  concurrency: number;
  maxRequests: number;
  maxSeconds: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Mean `data.length` of a sample of the answers (shows the feed did real work). */
  meanItems: number;
  /** Every latency, for merging rounds. */
  latenciesMs: Float64Array;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies = new Float64Array(options.maxRequests);
  let issued = 0;
  let done = 0;
  let errors = 0;
  let items = 0;
  let answered = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(options.maxSeconds * 1e9));

  const worker = async (): Promise<void> => {
    while (issued < options.maxRequests && process.hrtime.bigint() < deadline) {
      const target = options.targets[issued % options.targets.length];
      issued++;
      const t0 = process.hrtime.bigint();
      try {
        const res = await benchRequest(agent, options.port, 'GET', target.path, target.token, true);
        if (res.status !== 200) errors++;
        // Parsing costs client CPU the server shares on a small machine: look at 1 answer in 16.
        else if (issued % 16 === 0 && res.body.startsWith('{"data":')) {
          items += (JSON.parse(res.body) as { data: unknown[] }).data.length;
          answered++;
        }
      } catch {
        errors++;
      }
      latencies[done++] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  const sorted = latencies.slice(0, done).sort();
  return {
    requests: done,
    errors,
    seconds,
    perSecond: done / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanItems: answered > 0 ? items / answered : Number.NaN,
    latenciesMs: sorted,
  };
}
