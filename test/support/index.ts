export * from './test-app';
export * from './services';
export * from './tcp-proxy';
export * from './identity';
