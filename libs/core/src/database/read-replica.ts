import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/config';
import { usePreparedStatements } from './pg-pool';

/** After the replica failed, reads stay on the primary this long before it is tried again. */
const RETRY_AFTER_MS = 5_000;
/** A replica that does not accept a connection this fast is treated as down. */
const CONNECT_TIMEOUT_MS = 2_000;

/** Connection-level failures (the replica is down, restarting or cut off), not errors in the SQL. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, or recovering)
  '40001', // on a standby: canceled by a conflict with recovery
]);

export function isReplicaUnavailable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string } | null;
  const code = e?.code ?? e?.driverError?.code ?? '';
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}

/**
 * Where lag-tolerant reads go: the streaming replica named by DATABASE_REPLICA_URL when one is set
 * and answering, the primary otherwise. A read that fails because the replica is unreachable runs
 * again on the primary, and the replica is left alone for a few seconds, so its outage never turns
 * into an error for the caller. Use it only for reads that may be a moment behind the primary
 * (docs/operations.md lists which); writes, and reads that must see the caller's own writes, use
 * the primary's DataSource as before.
 */
@Injectable()
export class ReadReplica implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadReplica');
  private replica?: Promise<DataSource | undefined>;
  private downUntil = 0;

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** `DataSource.query` on the replica (or the primary). */
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.read((manager) => manager.query<T>(sql, parameters));
  }

  /** Runs `work` with the replica's entity manager (or the primary's). `work` must only read. */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const replica = await this.available();
    if (!replica) return work(this.primary.manager);
    try {
      return await work(replica.manager);
    } catch (error) {
      if (!isReplicaUnavailable(error)) throw error;
      this.markDown(error);
      return work(this.primary.manager);
    }
  }

  /** `none` without DATABASE_REPLICA_URL, `down` while reads fall back to the primary. */
  state(): 'none' | 'up' | 'down' {
    if (!this.config.DATABASE_REPLICA_URL) return 'none';
    return performance.now() < this.downUntil ? 'down' : 'up';
  }

  async onApplicationShutdown(): Promise<void> {
    const replica = await this.replica?.catch(() => undefined);
    this.replica = undefined;
    if (replica?.isInitialized) await replica.destroy().catch(() => undefined);
  }

  private async available(): Promise<DataSource | undefined> {
    const url = this.config.DATABASE_REPLICA_URL;
    if (!url || performance.now() < this.downUntil) return undefined;
    this.replica ??= this.connect(url);
    const replica = await this.replica;
    if (!replica) this.replica = undefined;
    return replica;
  }

  private async connect(url: string): Promise<DataSource | undefined> {
    const options = {
      ...this.primary.options,
      url,
      migrations: [],
      extra: {
        max: this.config.DATABASE_POOL_SIZE,
        application_name: 'perkrank-replica',
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      },
    } as DataSourceOptions;
    const replica = new DataSource(options);
    usePreparedStatements(replica, this.config.DATABASE_PREPARED_STATEMENTS);
    try {
      await replica.initialize();
      this.logger.log('lag-tolerant reads go to the read replica');
      return replica;
    } catch (error) {
      this.markDown(error);
      await replica.destroy().catch(() => undefined);
      return undefined;
    }
  }

  private markDown(error: unknown): void {
    if (performance.now() >= this.downUntil)
      this.logger.warn(
        { err: error },
        `read replica unavailable; its reads go to the primary for the next ${RETRY_AFTER_MS / 1000} s`,
      );
    this.downUntil = performance.now() + RETRY_AFTER_MS;
  }
}
