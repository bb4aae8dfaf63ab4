export { RuntimeModule, runsJobs } from './runtime.module';
export type { ProcessRole } from './runtime.module';
export { REDIS } from './redis.module';
export type { RedisClient } from './redis.module';
export { tongdaoSchema } from './schema';
export { requestIdFor } from './logging';
