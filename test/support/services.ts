/** Where the test suites find their real services; override with TEST_MYSQL_URL / TEST_REDIS_URL. */
export function testDatabaseServerUrl(): string {
  return process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
}

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}
