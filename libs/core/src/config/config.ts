import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const isPostgresUrl = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname.length > 0;
  } catch {
    return false;
  }
};

/**
 * Every setting PerkRank reads, with its default. Checked once at boot: a bad value stops the
 * process with a message naming the variable (see loadConfig). `docs/operations.md` lists them in a
 * table generated from this class (`npm run docs:settings`): each setting's doc comment is its meaning.
 */
export class AppConfig {
  /**
   * `production` requires JWT_SECRET and PSEUDONYM_KEY and sends HSTS; `test` is for the test
   * suite.
   */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** HTTP port of the API. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * `postgres://user:pass@host:5432/db` of any PostgreSQL 15 or later. Unset: an embedded
   * PostgreSQL in DATA_DIR (development installs only). With it set, run `npm run migration:run`
   * before starting a new version.
   */
  @IsOptional()
  @IsString()
  @ValidateIf((_o, v) => v !== undefined)
  DATABASE_URL?: string;

  /**
   * Where the embedded database, and outside production the generated JWT secret and pseudonym key,
   * are kept.
   */
  @IsString()
  DATA_DIR = './.data';

  /**
   * A direct (unpooled) connection to the primary for what needs a session: the outbox's LISTEN,
   * which wakes mail and webhook delivery at once, and the API's LISTEN for changes of the scored
   * population, which keeps the public model document cached. Set it when DATABASE_URL points at
   * PgBouncer in transaction mode. Unset: DATABASE_URL (behind such a pooler delivery then runs on
   * its one-second polling alone, and the model document may be up to 10 s behind).
   */
  @IsOptional()
  @IsString()
  @ValidateIf((_o, v) => v !== undefined)
  DATABASE_DIRECT_URL?: string;

  /**
   * `postgres://…` of a streaming replica of the primary. Reads that tolerate a little lag (perk
   * pages, public profiles, the published scoring model, and the perk feed when it pages with SQL
   * above 20,000 live campaigns; below that it pages from memory refreshed from the primary) go
   * there; writes and the reads that must see them stay on the primary. When the replica does not
   * answer, those reads fall back to the primary. Unset: everything on the primary.
   */
  @IsOptional()
  @IsString()
  @ValidateIf((_o, v) => v !== undefined)
  DATABASE_REPLICA_URL?: string;

  /**
   * Named (server-side) prepared statements for the hottest reads, planned once per connection.
   * Set `false` behind a pooler in transaction mode that does not track them (PgBouncer before
   * 1.21, or without `max_prepared_statements`): the next transaction may land on a server
   * connection that lacks, or already has, the statement.
   */
  @Transform(toBool)
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS = true;

  /** Database connections per process (the job queue has its own few). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * HS256 key of access tokens; at least 32 characters in production. Unset outside production:
   * generated once into DATA_DIR.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  JWT_SECRET?: string;

  /** Access-token lifetime in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_ACCESS_TTL_SECONDS = 900;

  /** Refresh-token lifetime in days (each refresh rotates the token). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** Lowest level logged; `debug` also shows Nest's module and route lines at start-up. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** `auto`: readable lines on a terminal outside production, JSON otherwise. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  /**
   * With ADMIN_PASSWORD: this account is made an admin at start if it is not one (created if
   * missing).
   */
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  /** The password of ADMIN_EMAIL when the account is created; an existing account keeps its own. */
  @IsOptional()
  @IsString()
  @MinLength(10)
  ADMIN_PASSWORD?: string;

  /** Failed logins per account within LOGIN_LOCKOUT_SECONDS before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  /** Failed logins per client address within LOGIN_LOCKOUT_SECONDS before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_MAX_FAILURES_PER_IP = 50;

  /**
   * Failed logins on one account from all clients together; past it, only clients that have not
   * failed on the account themselves are still checked (the owner is never locked out by others).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  LOGIN_ACCOUNT_FAILURE_CEILING = 50;

  /** Requests per minute from one client address to any public (unauthenticated) route. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 300;

  /** Registrations per hour from one client address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  REGISTER_RATE_LIMIT_PER_HOUR = 30;

  /** The window the failed-login counts apply to. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_LOCKOUT_SECONDS = 900;

  /**
   * How long a request holding an `Idempotency-Key` is presumed alive. A retry of the same request
   * after it (the process serving the first one died before answering) takes the key over and runs
   * the request again; before it, the retry answers 409 `idempotency_request_in_progress`.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  IDEMPOTENCY_LEASE_SECONDS = 30;

  /** Trust `X-Forwarded-For` for client addresses (behind a load balancer or reverse proxy). */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /**
   * Run background jobs inside the API process; set `false` when separate workers (`npm run
   * start:worker`) run.
   */
  @Transform(toBool)
  @IsBoolean()
  WORKER_IN_API = true;

  /**
   * Other origins (scheme://host[:port], comma-separated) whose pages may call the API from a
   * browser. Empty: no CORS headers at all, so only the API's own origin (the web app) can.
   */
  @IsString()
  @MaxLength(10_000)
  CORS_ORIGINS = '';

  /**
   * Seed the demo world (brands, campaigns, scored members, claims) on the first start of an empty
   * embedded database. Never applies with DATABASE_URL set.
   */
  @Transform(toBool)
  @IsBoolean()
  PERKRANK_DEMO = true;

  /** Stripe secret key; unset means campaign funding is not required (campaigns go live on approval). */
  @IsOptional()
  @IsString()
  @MinLength(8)
  STRIPE_SECRET_KEY?: string;

  /** Signing secret of the `POST /v1/webhooks/stripe` endpoint; required with STRIPE_SECRET_KEY. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  STRIPE_WEBHOOK_SECRET?: string;

  /** Tests only: send Stripe calls to a local fake, e.g. http://127.0.0.1:12111. */
  @IsOptional()
  @IsString()
  STRIPE_API_BASE?: string;

  /** The listing fee per unit of campaign stock, in minor units of CAMPAIGN_CURRENCY. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  CAMPAIGN_UNIT_FEE_MINOR = 200;

  /** Currency of the listing fee (ISO 4217). */
  @IsString()
  @MinLength(3)
  CAMPAIGN_CURRENCY = 'EUR';

  /** Where Stripe Checkout sends the brand back after paying. */
  @IsString()
  CHECKOUT_SUCCESS_URL = 'http://localhost:3000/docs#/payments?checkout=success';

  /** Where Stripe Checkout sends the brand back after cancelling. */
  @IsString()
  CHECKOUT_CANCEL_URL = 'http://localhost:3000/docs#/payments?checkout=cancelled';

  /**
   * Declared perk values above these are flagged in the moderation queue: `CUR:minorUnits` pairs,
   * comma-separated. Ceilings only mean something per currency; other currencies are flagged for a
   * manual check.
   */
  @Matches(/^\s*[A-Z]{3}\s*:\s*\d{1,15}\s*(,\s*[A-Z]{3}\s*:\s*\d{1,15}\s*)*$/, {
    message: 'must be comma-separated CUR:minorUnits pairs, e.g. EUR:100000,USD:100000',
  })
  MODERATION_VALUE_CEILING_MINOR = 'EUR:100000,USD:100000,GBP:100000,CHF:100000,JPY:15000000';

  /** Words or phrases (comma-separated) that flag a campaign for a closer look; `,` alone turns it off. */
  @IsString()
  @MaxLength(10_000)
  MODERATION_DENY_WORDS = 'casino,gambling,betting,crypto,forex,escort,firearms,weight loss pills';

  /**
   * The bearer token of POST /v1/ingest/interactions (feeders of networks without a connector).
   * Unset: ingestion over HTTP is off (the CLI import still works).
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  INGEST_TOKEN?: string;

  /**
   * Key of the keyed hashes that stand for network accounts and event ids in the interaction
   * store. Changing it cuts every stored interaction off from the accounts it concerns until the
   * window has rolled over, so it is set once. Outside production one is generated into DATA_DIR.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  PSEUDONYM_KEY?: string;

  /** Tests only: send every Mastodon request to this base URL instead of the account's instance. */
  @IsOptional()
  @IsString()
  MASTODON_API_BASE?: string;

  /**
   * Tests only: let the Mastodon connector contact loopback and private addresses (where the
   * local fakes listen). Off by default, and refused in production: hosts named by members must
   * resolve to public addresses, so verification cannot be used to probe the internal network.
   */
  @Transform(toBool)
  @IsBoolean()
  CONNECTOR_ALLOW_PRIVATE_HOSTS = false;

  /** The Bluesky AppView that serves the public XRPC reads. */
  @IsString()
  BLUESKY_API_BASE = 'https://public.api.bsky.app';

  /** How often each verified Mastodon or Bluesky account is synced at most. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_080)
  SOCIAL_SYNC_INTERVAL_MINUTES = 60;

  /**
   * Key of the signed token in a claim's QR code (at least 32 characters). Unset: derived from the
   * JWT secret, so rotating that secret also invalidates the QR codes members hold.
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  CLAIM_TOKEN_SECRET?: string;

  /** Failed code lookups per brand from one desk (a user or an API key) before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  REDEMPTION_MAX_FAILED_LOOKUPS = 30;

  /**
   * Failed lookups per brand from all desks together; past it, only desks that have not failed
   * themselves are still served (a valid code is never refused because another desk failed).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  REDEMPTION_BRAND_FAILURE_CEILING = 300;

  /** The window, in seconds, that REDEMPTION_MAX_FAILED_LOOKUPS applies to. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  REDEMPTION_LOOKUP_WINDOW_SECONDS = 900;

  /**
   * Outgoing mail server, e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465. Unset: mails
   * are not sent but kept in the outbox (GET /v1/admin/outbox), so nothing is lost and the demo shows them.
   */
  @IsOptional()
  @IsString()
  SMTP_URL?: string;

  /** The sender of every mail, `Name <address>` or a bare address. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'PerkRank <no-reply@perkrank.localhost>';

  /** Where the web app lives: links in mails point here (verification, password reset, claims). */
  @IsString()
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * Unverified accounts may log in but not claim perks or create campaigns. Default: true in
   * production, false in development, tests and the demo.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  REQUIRE_VERIFIED_EMAIL?: boolean;

  /**
   * Webhook endpoints may use http and loopback/private addresses. Default: true in development
   * and tests, false in production (https to public addresses only).
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE?: boolean;

  /** The embedded database's data directory, absolute. */
  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }

  /** MODERATION_VALUE_CEILING_MINOR as a currency → minor units map. */
  get moderationValueCeilings(): Record<string, number> {
    const ceilings: Record<string, number> = {};
    for (const pair of this.MODERATION_VALUE_CEILING_MINOR.split(',')) {
      const [currency = '', amount = ''] = pair.split(':').map((part) => part.trim());
      if (currency !== '') ceilings[currency] = Number(amount);
    }
    return ceilings;
  }

  /** CORS_ORIGINS as a list. */
  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
  }

  get moderationDenyWords(): string[] {
    return this.MODERATION_DENY_WORDS.split(',')
      .map((word) => word.trim())
      .filter((word) => word !== '');
  }

  get requireVerifiedEmail(): boolean {
    return this.REQUIRE_VERIFIED_EMAIL ?? this.isProduction;
  }

  get webhooksAllowPrivate(): boolean {
    return this.WEBHOOKS_ALLOW_PRIVATE ?? !this.isProduction;
  }

  /** PUBLIC_URL without a trailing slash. */
  get publicUrl(): string {
    return this.PUBLIC_URL.replace(/\/+$/, '');
  }

  get prettyLogs(): boolean {
    if (this.LOG_FORMAT !== 'auto') return this.LOG_FORMAT === 'pretty';
    return !this.isProduction && process.stdout.isTTY === true;
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** The JWT secret; outside production one is generated once and kept in DATA_DIR. */
  get jwtSecret(): string {
    if (this.JWT_SECRET) return this.JWT_SECRET;
    return persistedSecret(this.dataDir, 'jwt-secret');
  }
  /** The claim QR-token key: CLAIM_TOKEN_SECRET, or a key derived from the JWT secret for this one purpose. */
  get claimTokenSecret(): string {
    if (this.CLAIM_TOKEN_SECRET) return this.CLAIM_TOKEN_SECRET;
    return createHmac('sha256', this.jwtSecret).update('perkrank/claim-token-secret').digest('hex');
  }
  /** The pseudonym key; outside production one is generated once and kept in DATA_DIR (tests use a fixed one). */
  get pseudonymKey(): string {
    if (this.PSEUDONYM_KEY) return this.PSEUDONYM_KEY;
    if (this.NODE_ENV === 'test') return 'perkrank-test-pseudonym-key';
    return persistedSecret(this.dataDir, 'pseudonym-key');
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: Record<string, string[]>) {
    super(
      'Invalid configuration:\n' +
        Object.entries(problems)
          .map(([name, messages]) => `  - ${name}: ${messages.join('; ')}`)
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Every property with a validation decorator is a setting, including optional ones that
  // have no default (and so no own key on a fresh instance).
  const known = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(AppConfig, '', true, false)
      .map((m) => m.propertyName),
  );
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const problems: Record<string, string[]> = {};
  for (const error of validateSync(config, { whitelist: false })) {
    problems[error.property] = Object.values(error.constraints ?? {});
  }
  for (const key of ['DATABASE_URL', 'DATABASE_DIRECT_URL', 'DATABASE_REPLICA_URL'] as const) {
    const url = config[key];
    if (url !== undefined && !isPostgresUrl(url))
      problems[key] = ['must be a postgres:// or postgresql:// URL with a host'];
  }
  if (config.isProduction && (config.JWT_SECRET === undefined || config.JWT_SECRET.length < 32)) {
    problems.JWT_SECRET = ['must be set to at least 32 characters in production'];
  }
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    problems[config.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'] = ['must be set together with its pair'];
  }
  if (config.STRIPE_API_BASE !== undefined && !/^https?:\/\/[^/]+$/.test(config.STRIPE_API_BASE)) {
    problems.STRIPE_API_BASE = ['must be a base URL like http://127.0.0.1:12111 (no path)'];
  }
  if (!/^[A-Z]{3}$/.test(config.CAMPAIGN_CURRENCY))
    problems.CAMPAIGN_CURRENCY = ['must be an ISO 4217 code such as EUR'];
  if (config.STRIPE_SECRET_KEY && !config.STRIPE_WEBHOOK_SECRET) {
    problems.STRIPE_WEBHOOK_SECRET = ['must be set when STRIPE_SECRET_KEY is (webhooks confirm payments)'];
  }
  if (config.isProduction && (config.PSEUDONYM_KEY === undefined || config.PSEUDONYM_KEY.length < 32)) {
    problems.PSEUDONYM_KEY = ['must be set to at least 32 characters in production'];
  }
  if (config.isProduction && config.CONNECTOR_ALLOW_PRIVATE_HOSTS)
    problems.CONNECTOR_ALLOW_PRIVATE_HOSTS = ['is for tests only and cannot be set in production'];
  for (const name of ['MASTODON_API_BASE', 'BLUESKY_API_BASE'] as const) {
    const value = config[name];
    if (value !== undefined && !/^https?:\/\/[^/?#]+$/.test(value))
      problems[name] = ['must be a base URL like https://host or http://127.0.0.1:8080 (no path)'];
  }
  const badOrigins = config.corsOrigins.filter((origin) => !/^https?:\/\/[^/?#\s*]+$/.test(origin));
  if (badOrigins.length > 0)
    problems.CORS_ORIGINS = [
      `must be comma-separated origins like https://app.example.com (no path, no wildcard): ${badOrigins.join(', ')}`,
    ];
  if (config.SMTP_URL !== undefined && !/^smtps?:\/\/[^/?#]+/.test(config.SMTP_URL))
    problems.SMTP_URL = ['must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587'];
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(config.PUBLIC_URL))
    problems.PUBLIC_URL = ['must be an http(s) URL without query, e.g. https://perkrank.example.com'];
  if (Object.keys(problems).length > 0) throw new ConfigError(problems);
  return config;
}

function persistedSecret(dir: string, name: string): string {
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
