import 'reflect-metadata';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded mode', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.databaseKind).toBe('sqlite');
    expect(config.jobsKind).toBe('in-process');
    expect(config.isEmbedded).toBe(true);
  });

  it('reads production settings', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'mysql://u:p@db:3306/tongdao',
      REDIS_URL: 'redis://r:6379',
    });
    expect(config.PORT).toBe(8080);
    expect(config.databaseKind).toBe('mysql');
    expect(config.jobsKind).toBe('bull');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ TONGDAO_DEMO: 'maybe' }, 'TONGDAO_DEMO'],
  ])('names the bad variable in %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });
});
