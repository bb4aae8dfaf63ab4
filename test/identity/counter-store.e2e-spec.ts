import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { testRedisUrl } from '@tongdao/testing';
import {
  CounterStore,
  MemoryCounterStore,
  RedisCounterStore,
} from '../../libs/identity/src/auth/counter-store';

/** One behaviour, two stores: the Redis one against the real Redis, the memory one for the embedded default. */
describe.each([
  ['Redis', 'redis'],
  ['memory', 'memory'],
] as const)('%s login counter store', (_name, kind) => {
  let redis: Redis | null = null;
  let store: CounterStore;
  const prefix = `td_counter_test_${randomBytes(4).toString('hex')}`;

  beforeAll(() => {
    if (kind === 'redis') {
      redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
      store = new RedisCounterStore(redis, prefix);
    } else {
      store = new MemoryCounterStore();
    }
  });
  afterAll(async () => {
    if (!redis) return;
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('counts hits within a window and reports the time left', async () => {
    expect(await store.peek('a')).toEqual({ count: 0, ttlSeconds: 0 });
    expect(await store.hit('a', 60)).toBe(1);
    expect(await store.hit('a', 60)).toBe(2);
    const seen = await store.peek('a');
    expect(seen.count).toBe(2);
    expect(seen.ttlSeconds).toBeGreaterThan(55);
    expect(seen.ttlSeconds).toBeLessThanOrEqual(60);
  });

  it('keeps keys apart and resets one', async () => {
    await store.hit('b', 60);
    await store.hit('c', 60);
    await store.reset('b');
    expect((await store.peek('b')).count).toBe(0);
    expect((await store.peek('c')).count).toBe(1);
  });

  it('a later hit does not push the window out; extend does', async () => {
    await store.hit('d', 2);
    await store.hit('d', 600);
    expect((await store.peek('d')).ttlSeconds).toBeLessThanOrEqual(2);
    await store.extend('d', 600);
    expect((await store.peek('d')).ttlSeconds).toBeGreaterThan(590);
  });

  it('forgets a counter once its window has passed', async () => {
    await store.hit('e', 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await store.peek('e')).count).toBe(0);
    expect(await store.hit('e', 60)).toBe(1);
  });

  if (kind === 'redis') {
    it('keeps its keys under the configured prefix', async () => {
      await store.hit('f', 60);
      expect(await redis!.get(`${prefix}:throttle:f`)).toBe('1');
    });
  }
});
