import { TestApp, startTestApp } from '@tongdao/testing';

describe.each(['mysql', 'sqlite'] as const)('platform conventions on %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database });
  });
  afterAll(async () => t.close());

  it('is live and ready', async () => {
    await t.http.get('/health/live').expect(200);
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.details.database.status).toBe('up');
    if (database === 'mysql') expect(ready.body.details.redis.status).toBe('up');
  });

  it('echoes a sane request id and mints one otherwise', async () => {
    const given = await t.http.get('/health/live').set('X-Request-Id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const minted = await t.http.get('/health/live').set('X-Request-Id', 'bad id with spaces!').expect(200);
    expect(minted.headers['x-request-id']).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('answers unknown routes in the error shape', async () => {
    const res = await t.http.get('/admin/v1/no-such-thing').expect(404);
    expect(res.body).toEqual({
      code: 'not_found',
      message: expect.any(String),
      details: [],
      requestId: expect.any(String),
    });
  });

  it('answers malformed JSON with malformed_json', async () => {
    const res = await t.http
      .post('/admin/v1/anything')
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(res.body.code).toBe('malformed_json');
  });

  it('refuses oversized bodies with 413', async () => {
    const res = await t.http
      .post('/admin/v1/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(300 * 1024) }))
      .expect(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('publishes the OpenAPI document', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/health/ready');
  });
});
