import { TestApp, bearer, startTestApp } from '@tongdao/testing';
import { DemoSeeder } from '../../apps/api/src/demo/demo.seeder';

/** The demo merchant is seeded in the embedded default, which runs on SQLite. */
describe('demo merchant on the embedded SQLite database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'sqlite' });
  });
  afterAll(async () => t.close());

  it('seeds once and the three demo logins work', async () => {
    const seeder = t.app.get(DemoSeeder);
    await seeder.ensure(undefined);
    expect(await seeder.ensure(undefined)).toEqual({ login: '13800000000', password: 'tongdao-demo' });
    const tokens: string[] = [];
    for (const login of ['13800000000', 'agent1', 'super1']) {
      const res = await t.http
        .post('/admin/v1/auth/login')
        .send({ login, password: 'tongdao-demo' })
        .expect(200);
      tokens.push(res.body.accessToken);
    }
    const staff = await t.http
      .get('/admin/v1/staff')
      .set(...bearer(tokens[0]))
      .expect(200);
    expect(staff.body.items).toHaveLength(3);
    // The agent works the desk but does not manage staff.
    await t.http
      .get('/admin/v1/staff')
      .set(...bearer(tokens[1]))
      .expect(403);
  });
});
