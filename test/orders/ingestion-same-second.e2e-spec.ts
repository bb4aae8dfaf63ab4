import { OrderIngestion } from '@tongdao/orders';
import { TestApp, startTestApp } from '@tongdao/testing';
import { Setup, channelOrder, setup } from './fixtures';

/** Channels stamp versions in whole seconds: a status change within the same second must still land. */
describe('ingestion of a change within the same version second (MariaDB)', () => {
  let t: TestApp;
  let s: Setup;
  beforeAll(async () => {
    t = await startTestApp();
    s = await setup(t, 10);
  });
  afterAll(async () => t.close());

  it('takes a forward status at an equal version, and nothing else at that version', async () => {
    const ingestion = t.app.get(OrderIngestion);
    const version = new Date('2026-11-22T08:00:00Z');
    const pending = channelOrder(s, { status: 'pending_payment', channelStatus: 'WAIT_BUYER_PAY', version });
    const [created] = await ingestion.ingest(s.ctx, s.accountId, [pending]);
    const paid = { ...pending, status: 'paid' as const, channelStatus: 'WAIT_SELLER_SEND_GOODS' };
    expect((await ingestion.ingest(s.ctx, s.accountId, [paid]))[0].outcome).toBe('updated');
    expect((await ingestion.ingest(s.ctx, s.accountId, [paid]))[0].outcome).toBe('unchanged');
    // The earlier status arriving late at the same version is ignored.
    expect((await ingestion.ingest(s.ctx, s.accountId, [pending]))[0].outcome).toBe('unchanged');
    const rows: Array<{ status: string }> = await t.dataSource.query(
      'SELECT status FROM orders WHERE id = ?',
      [created.orderId],
    );
    expect(rows[0].status).toBe('paid');
  });
});
