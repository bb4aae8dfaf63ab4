import type Redis from 'ioredis';

/** Injection token of the shared ioredis client; provided by the runtime, null on the embedded default. */
export const REDIS = Symbol('REDIS');

export type RedisClient = Redis | null;
