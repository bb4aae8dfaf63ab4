import type { AddressInfo } from 'node:net';
import { TestApp, bearer, startTestApp, waitFor } from '@tongdao/testing';
import { Sandbox, startSandbox } from '../sandbox/taobao-client';
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

describe('demo merchant with its Taobao store on the sandbox (embedded SQLite)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestApp({ database: 'sqlite' });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.close();
  });

  it('connects the store and orders flow into the desk; a restart reconnects without duplicating anything', async () => {
    const url = `http://127.0.0.1:${sandbox.port}`;
    await t.app.listen(0, '127.0.0.1');
    const apiUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const seeder = t.app.get(DemoSeeder);
    await seeder.ensure(url, apiUrl);
    const login = await t.http
      .post('/admin/v1/auth/login')
      .send({ login: '13800000000', password: 'tongdao-demo' })
      .expect(200);
    const owner = bearer(login.body.accessToken);
    const orders = await waitFor(
      async () => {
        const res = await t.http
          .get('/admin/v1/orders?channelType=taobao')
          .set(...owner)
          .expect(200);
        return res.body.items.length >= 20 ? (res.body.items as Array<{ hasUnmappedLines: boolean }>) : null;
      },
      { what: 'demo orders in the desk' },
    );
    expect(orders.every((o) => !o.hasUnmappedLines)).toBe(true);
    const products = async () =>
      (
        await t.http
          .get('/admin/v1/products?limit=100')
          .set(...owner)
          .expect(200)
      ).body.items.length;
    const before = await products();

    // The WeChat account: connected in safe mode, three followers arrived through the `spring` QR code.
    const wechat = (
      await t.http
        .get('/admin/v1/channel-accounts?type=wechat')
        .set(...owner)
        .expect(200)
    ).body.items;
    expect(wechat).toHaveLength(1);
    await waitFor(
      async () => {
        const scenes = await t.http
          .get(`/admin/v1/channel-accounts/${wechat[0].id}/wechat/scenes`)
          .set(...owner)
          .expect(200);
        const spring = (scenes.body as Array<{ scene: string; followers: number }>).find(
          (x) => x.scene === 'spring',
        );
        return spring && spring.followers >= 3;
      },
      { what: 'three spring followers' },
    );

    await sandbox.http.post('/_sandbox/taobao/reset').send({ seed: 7 }).expect(200);
    await seeder.ensure(url, apiUrl);
    expect(await products()).toBe(before);
    const accounts = await t.http
      .get('/admin/v1/channel-accounts?type=taobao')
      .set(...owner)
      .expect(200);
    expect(accounts.body.items).toHaveLength(1);
    expect(accounts.body.items[0].status).toBe('active');
    const again = await t.http
      .get('/admin/v1/channel-accounts?type=wechat')
      .set(...owner)
      .expect(200);
    expect(again.body.items).toHaveLength(1);
    expect(again.body.items[0].status).toBe('active');
  });
});
