export { RuntimeModule, runsJobs, ProcessRole } from './runtime.module';
export { REDIS, RedisClient } from './redis.module';
export { tongdaoSchema } from './schema';
export { requestIdFor } from './logging';
