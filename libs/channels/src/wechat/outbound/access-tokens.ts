import { randomUUID } from 'node:crypto';
import { AppConfig } from '@tongdao/config';
import { REDIS, RedisClient } from '@tongdao/persistence';
import { wechatRequest } from './wechat-http';

/** What the token endpoint needs; WechatCredentials satisfies it. */
export interface WechatApp {
  appId: string;
  appSecret: string;
  apiBaseUrl: string;
}

interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

/**
 * The account's access_token, shared by every api and worker process. WeChat invalidates the previous token
 * (after a short overlap) whenever anyone fetches a new one, so processes must not each fetch their own:
 * one refresh at a time, the others wait and read what it stored.
 */
export abstract class WechatAccessTokens {
  private readonly inFlight = new Map<string, Promise<string>>();

  /** The cached token, fetched when there is none. */
  current(app: WechatApp): Promise<string> {
    return this.singleFlight(app, null);
  }

  /**
   * A token other than `stale`, which the platform just refused. If another caller already replaced it,
   * that replacement is returned without a new fetch: many callers failing at once cause one refresh.
   */
  replace(app: WechatApp, stale: string): Promise<string> {
    return this.singleFlight(app, stale);
  }

  protected abstract obtain(app: WechatApp, stale: string | null): Promise<string>;

  /** Callers of one process share one promise; the cross-process part is the subclass's. */
  private singleFlight(app: WechatApp, stale: string | null): Promise<string> {
    const key = `${app.appId}\u0000${stale ?? ''}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = this.obtain(app, stale).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }
}

export async function fetchAccessToken(app: WechatApp): Promise<FetchedToken> {
  const json = await wechatRequest(app.apiBaseUrl, {
    method: 'GET',
    path: '/cgi-bin/token',
    query: { grant_type: 'client_credential', appid: app.appId, secret: app.appSecret },
  });
  const token = typeof json.access_token === 'string' ? json.access_token : '';
  if (!token) throw new Error('WeChat /cgi-bin/token answered without an access_token');
  return { token, expiresInSeconds: typeof json.expires_in === 'number' ? json.expires_in : 7200 };
}

/** Cache a little shorter than WeChat keeps the token, so no caller holds one that is about to expire. */
export function cacheMs(expiresInSeconds: number): number {
  return Math.max(expiresInSeconds - 300, Math.floor(expiresInSeconds / 2), 1) * 1000;
}

const LOCK_TTL_MS = 15_000;
const WAIT_MS = 20_000;
const POLL_MS = 40;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Production: the token in Redis, refreshed under a `SET NX PX` lock. */
export class RedisWechatAccessTokens extends WechatAccessTokens {
  constructor(
    private readonly redis: NonNullable<RedisClient>,
    private readonly prefix: string,
    private readonly fetcher: (app: WechatApp) => Promise<FetchedToken> = fetchAccessToken,
  ) {
    super();
  }

  protected async obtain(app: WechatApp, stale: string | null): Promise<string> {
    const key = `${this.prefix}:wechat:token:${app.appId}`;
    const lock = `${key}:refresh-lock`;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const cached = await this.redis.get(key);
      if (cached && cached !== stale) return cached;
      const owner = randomUUID();
      if ((await this.redis.set(lock, owner, 'PX', LOCK_TTL_MS, 'NX')) === 'OK') {
        try {
          // The previous holder may have stored a new token between our read and our lock.
          const again = await this.redis.get(key);
          if (again && again !== stale) return again;
          const fresh = await this.fetcher(app);
          await this.redis.set(key, fresh.token, 'PX', cacheMs(fresh.expiresInSeconds));
          return fresh.token;
        } finally {
          await this.redis.eval(RELEASE, 1, lock, owner);
        }
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for another process to refresh the token of ${app.appId}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

/** The embedded default (one process, no Redis): an in-memory cache behind the single-flight promise. */
export class MemoryWechatAccessTokens extends WechatAccessTokens {
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(private readonly fetcher: (app: WechatApp) => Promise<FetchedToken> = fetchAccessToken) {
    super();
  }

  private readonly queues = new Map<string, Promise<unknown>>();

  /** One refresh at a time per app: a caller queued behind a refresh reads what it stored. */
  protected obtain(app: WechatApp, stale: string | null): Promise<string> {
    const previous = this.queues.get(app.appId) ?? Promise.resolve();
    const next = previous.then(
      () => this.readOrFetch(app, stale),
      () => this.readOrFetch(app, stale),
    );
    this.queues.set(app.appId, next);
    return next;
  }

  private async readOrFetch(app: WechatApp, stale: string | null): Promise<string> {
    const cached = this.tokens.get(app.appId);
    if (cached && cached.until > Date.now() && cached.token !== stale) return cached.token;
    const fresh = await this.fetcher(app);
    this.tokens.set(app.appId, { token: fresh.token, until: Date.now() + cacheMs(fresh.expiresInSeconds) });
    return fresh.token;
  }
}

export const wechatAccessTokensProvider = {
  provide: WechatAccessTokens,
  inject: [REDIS, AppConfig],
  useFactory: (redis: RedisClient, config: AppConfig): WechatAccessTokens =>
    redis ? new RedisWechatAccessTokens(redis, config.REDIS_KEY_PREFIX) : new MemoryWechatAccessTokens(),
};
