export * from './columns';
export * from './tenant-entity';
export * from './transaction-runner';
export * from './tenant-repository';
export * from './schema';
export * from './data-source-options';
export * from './redis';
export * from './errors';
