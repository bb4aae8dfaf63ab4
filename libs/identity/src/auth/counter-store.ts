import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { REDIS, RedisClient } from '@tongdao/persistence';

/** Fixed-window counters for throttling. Redis when there is one (shared by every api process), else memory. */
export abstract class CounterStore {
  /** Adds one within a window that starts at the first hit; returns the new count. */
  abstract hit(key: string, windowSeconds: number): Promise<number>;
  /** Current count and seconds until the window ends (0 when there is none). */
  abstract peek(key: string): Promise<{ count: number; ttlSeconds: number }>;
  abstract reset(key: string): Promise<void>;
  /** Restarts the window of an existing counter: a lock lasts its full time from the failure that set it. */
  abstract extend(key: string, windowSeconds: number): Promise<void>;
}

export class RedisCounterStore extends CounterStore {
  constructor(
    private readonly redis: NonNullable<RedisClient>,
    private readonly prefix: string,
  ) {
    super();
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const k = this.key(key);
    const result = await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').exec();
    return Number(result?.[0]?.[1] ?? 0);
  }

  async peek(key: string): Promise<{ count: number; ttlSeconds: number }> {
    const k = this.key(key);
    const [count, ttl] = await Promise.all([this.redis.get(k), this.redis.ttl(k)]);
    return { count: Number(count ?? 0), ttlSeconds: Math.max(0, ttl) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  async extend(key: string, windowSeconds: number): Promise<void> {
    await this.redis.expire(this.key(key), windowSeconds);
  }

  private key(key: string): string {
    return `${this.prefix}:throttle:${key}`;
  }
}

export class MemoryCounterStore extends CounterStore {
  private readonly counters = new Map<string, { count: number; endsAt: number }>();

  async hit(key: string, windowSeconds: number): Promise<number> {
    const now = Date.now();
    const current = this.counters.get(key);
    const entry =
      current && current.endsAt > now ? current : { count: 0, endsAt: now + windowSeconds * 1000 };
    entry.count += 1;
    this.counters.set(key, entry);
    return entry.count;
  }

  async peek(key: string): Promise<{ count: number; ttlSeconds: number }> {
    const entry = this.counters.get(key);
    if (!entry || entry.endsAt <= Date.now()) return { count: 0, ttlSeconds: 0 };
    return { count: entry.count, ttlSeconds: Math.ceil((entry.endsAt - Date.now()) / 1000) };
  }

  async reset(key: string): Promise<void> {
    this.counters.delete(key);
  }

  async extend(key: string, windowSeconds: number): Promise<void> {
    const entry = this.counters.get(key);
    if (entry && entry.endsAt > Date.now()) entry.endsAt = Date.now() + windowSeconds * 1000;
  }
}

export const counterStoreProvider = {
  provide: CounterStore,
  inject: [REDIS, AppConfig],
  useFactory: (redis: RedisClient, config: AppConfig): CounterStore =>
    redis ? new RedisCounterStore(redis, config.REDIS_KEY_PREFIX) : new MemoryCounterStore(),
};

@Injectable()
export class LoginThrottle {
  constructor(
    private readonly counters: CounterStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Seconds the caller must wait, or 0 when it may try. */
  async blockedFor(login: string, ip: string | null): Promise<number> {
    const [account, address] = await Promise.all([
      this.counters.peek(accountKey(login)),
      ip ? this.counters.peek(ipKey(ip)) : Promise.resolve({ count: 0, ttlSeconds: 0 }),
    ]);
    let wait = 0;
    if (account.count >= this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT)
      wait = Math.max(wait, account.ttlSeconds || 1);
    if (address.count >= this.config.LOGIN_MAX_FAILURES_PER_IP)
      wait = Math.max(wait, address.ttlSeconds || 1);
    return wait;
  }

  async failed(login: string, ip: string | null): Promise<void> {
    await this.count(accountKey(login), this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT);
    if (ip) await this.count(ipKey(ip), this.config.LOGIN_MAX_FAILURES_PER_IP);
  }

  async succeeded(login: string): Promise<void> {
    await this.counters.reset(accountKey(login));
  }

  private async count(key: string, limit: number): Promise<void> {
    const window = this.config.LOGIN_LOCK_SECONDS;
    const failures = await this.counters.hit(key, window);
    if (failures === limit) await this.counters.extend(key, window);
  }
}

function accountKey(login: string): string {
  return `login:account:${login.toLowerCase()}`;
}

function ipKey(ip: string): string {
  return `login:ip:${ip}`;
}
