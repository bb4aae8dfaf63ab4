export { RuntimeModule, runsJobs } from './runtime.module';
export type { ProcessRole } from './runtime.module';
export { tongdaoSchema } from './schema';
export { requestIdFor } from './logging';
