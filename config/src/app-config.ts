import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/**
 * Every setting Tongdao reads from the environment, with its default. Validated at start-up: a wrong value
 * stops the process with a message naming the variable.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** mysql://user:pass@host:3306/db — unset means the embedded SQLite file. */
  @IsOptional()
  @Matches(/^mysql:\/\/[^/\s]+\/[A-Za-z0-9_]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like mysql://user:pass@host:3306/db',
  })
  DATABASE_URL?: string;

  @IsString()
  SQLITE_PATH = 'var/tongdao.sqlite';

  /** redis://host:6379 — unset means in-process jobs. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL?: string;

  /** Namespace of every Redis key (Bull queues, counters): lets several deployments or test runs share one Redis. */
  @Matches(/^[a-z0-9_-]{1,40}$/, { message: 'REDIS_KEY_PREFIX must be 1-40 characters of a-z, 0-9, _ or -' })
  REDIS_KEY_PREFIX = 'tongdao';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  TOKEN_TTL_SECONDS = 12 * 3600;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_IP = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LOCK_SECONDS = 15 * 60;

  @IsString()
  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 256kb or 1mb' })
  BODY_LIMIT = '256kb';

  @Type(() => Number)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 250;

  /** Whether this process runs job handlers and the outbox relay. Defaults: api in embedded mode yes, worker always. */
  @IsOptional()
  @IsIn(['on', 'off'])
  RUN_JOBS?: 'on' | 'off';

  /** How long a stock push waits to coalesce a burst of changes to one SKU into one push per channel. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  STOCK_PUSH_DELAY_MS = 500;

  /** How often expired reservations (unpaid orders) are released. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  RESERVATION_SWEEP_MS = 30_000;

  /** Seed and keep a demo merchant (embedded default only). */
  @IsIn(['on', 'off'])
  TONGDAO_DEMO: 'on' | 'off' = 'on';

  /** The embedded default also serves the platform sandbox on this port (0 = any free port). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  SANDBOX_PORT = 3100;

  @IsIn(['on', 'off'])
  SANDBOX: 'on' | 'off' = 'on';

  /**
   * Encrypts channel credentials at rest (any string of 16+ characters; keep it stable — changing it makes
   * stored credentials unreadable). Required in production; the embedded default keeps a generated one
   * beside the SQLite file.
   */
  @IsOptional()
  @IsString()
  @Matches(/^.{16,}$/, { message: 'SECRETS_KEY must be at least 16 characters' })
  SECRETS_KEY?: string;

  /** Published outbox events and consumers' processed-event records older than this are deleted (hourly). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 7;

  /** How often every connected channel account is reconciled by polling (Taobao incremental sync). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  CHANNEL_SYNC_MS = 60_000;

  /**
   * Where platforms and buyers reach this deployment (WeChat Pay notify_url, payment-request and share links).
   * Defaults to http://localhost:PORT.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+[^/\s?#]$/, {
    message: 'PUBLIC_URL must look like https://shop.example.com (no trailing slash)',
  })
  PUBLIC_URL?: string;

  /** How long a WeChat-shop order waits for payment before its stock goes back to the pool. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  STORE_PAYMENT_MINUTES = 15;

  /** How long a buyer stays signed in to a WeChat shop after OAuth. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30 * 24)
  STORE_SESSION_HOURS = 7 * 24;

  /**
   * The parcel tracker (Kuaidi100-style, PROTOCOLS §5.3): subscriptions go to `${TRACKER_URL}/poll`. Unset: the
   * embedded default uses its own sandbox on SANDBOX_PORT; other deployments track nothing until it is set.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+[^/\s?#]$/, {
    message: 'TRACKER_URL must look like https://poll.kuaidi100.com (no trailing slash)',
  })
  TRACKER_URL?: string;

  /** The deployment's key at the tracker (one account for every merchant). */
  @IsString()
  @Matches(/^[0-9A-Za-z]{8,64}$/, { message: 'TRACKER_KEY must be 8-64 letters or digits' })
  TRACKER_KEY = 'TongdaoSandboxKey';

  /** Where subscriptions go, or null when this deployment has no tracker. */
  get trackerUrl(): string | null {
    if (this.TRACKER_URL) return this.TRACKER_URL;
    return this.isEmbedded && this.SANDBOX === 'on' ? `http://127.0.0.1:${this.SANDBOX_PORT}` : null;
  }

  get publicUrl(): string {
    return this.PUBLIC_URL ?? `http://localhost:${this.PORT}`;
  }

  get databaseKind(): 'mysql' | 'sqlite' {
    return this.DATABASE_URL ? 'mysql' : 'sqlite';
  }

  get jobsKind(): 'bull' | 'in-process' {
    return this.REDIS_URL ? 'bull' : 'in-process';
  }

  get isEmbedded(): boolean {
    return !this.DATABASE_URL && !this.REDIS_URL;
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'REDIS_URL',
    'RUN_JOBS',
    'SECRETS_KEY',
    'PUBLIC_URL',
    'TRACKER_URL',
  ]) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
