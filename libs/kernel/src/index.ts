export * from './ids';
export * from './money';
export * from './clock';
export * from './errors';
export * from './request-context';
export * from './pagination';
export * from './events';
export * from './jobs';
