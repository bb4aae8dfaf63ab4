export * from './test-app';
export * from './services';
