import { Injectable, Module } from '@nestjs/common';
import { JobData, JobHandler, JobQueue, RequestContext, newId } from '@tongdao/kernel';
import { DeadLetterService } from '@tongdao/jobs';
import {
  TestApp,
  bearer,
  createStaffWithRole,
  signupMerchant,
  startTestApp,
  waitFor,
} from '@tongdao/testing';

/** Fails until told otherwise, so a job can be dead-lettered and then replayed successfully. */
@Injectable()
class FlakyJob {
  static failing = true;
  static attempts: number[] = [];
  static succeeded = 0;

  @JobHandler('test.flaky', { attempts: 3, backoffMs: 20, concurrency: 1 })
  async run(data: JobData): Promise<void> {
    FlakyJob.attempts.push(Date.now());
    if (FlakyJob.failing) throw new Error(`flaky failure for ${String(data.merchantId)}`);
    FlakyJob.succeeded += 1;
  }
}

@Module({ providers: [FlakyJob] })
class FlakyModule {}

describe.each(['mysql', 'sqlite'] as const)('retries and dead letters on %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, imports: [FlakyModule] });
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    FlakyJob.failing = true;
    FlakyJob.attempts = [];
    FlakyJob.succeeded = 0;
  });

  it('retries with exponential backoff, dead-letters after the last attempt, and replays', async () => {
    const merchantId = newId();
    const ctx = RequestContext.system(merchantId, 'test');
    const deadLetters = t.app.get(DeadLetterService);
    await t.app
      .get(JobQueue)
      .enqueue('test.flaky', { merchantId, sku: 'A-1' }, { jobId: `flaky-${merchantId}` });

    const page = await waitFor(
      async () => {
        const listed = await deadLetters.list(ctx, {});
        return listed.items.length > 0 ? listed : null;
      },
      { what: 'the dead letter' },
    );
    expect(FlakyJob.attempts).toHaveLength(3);
    // Backoff 20 ms then 40 ms: the gaps grow.
    const gaps = [FlakyJob.attempts[1] - FlakyJob.attempts[0], FlakyJob.attempts[2] - FlakyJob.attempts[1]];
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(30);
    const [letter] = page.items;
    expect(letter).toMatchObject({
      jobName: 'test.flaky',
      status: 'dead',
      attempts: 3,
      data: { merchantId, sku: 'A-1' },
    });
    expect(letter.error).toContain('flaky failure');

    // Another merchant sees nothing.
    const other = RequestContext.system(newId(), 'test');
    expect((await deadLetters.list(other, {})).items).toHaveLength(0);
    await expect(deadLetters.get(other, letter.id)).rejects.toMatchObject({ status: 404 });

    FlakyJob.failing = false;
    const replayed = await deadLetters.replay(ctx, letter.id);
    expect(replayed).toMatchObject({ status: 'replayed', replayCount: 1 });
    await waitFor(async () => FlakyJob.succeeded === 1, { what: 'the replayed job' });
    await expect(deadLetters.replay(ctx, letter.id)).rejects.toMatchObject({
      status: 409,
      code: 'already_replayed',
    });
  });

  it('refuses to enqueue a job type nobody handles', async () => {
    await expect(t.app.get(JobQueue).enqueue('test.nobody', { merchantId: null })).rejects.toThrow(
      /no handler/,
    );
  });
});

describe('dead letters over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ imports: [FlakyModule] });
  });
  afterAll(async () => t.close());

  it('lists a merchant its own dead letters, replays one, and hides them from others', async () => {
    FlakyJob.failing = true;
    FlakyJob.succeeded = 0;
    const a = await signupMerchant(t);
    const b = await signupMerchant(t);
    await t.app.get(JobQueue).enqueue('test.flaky', { merchantId: a.merchantId, order: 'E1' });
    const listed = await waitFor(
      async () => {
        const res = await t.http
          .get('/admin/v1/dead-letters')
          .set(...bearer(a.token))
          .expect(200);
        return res.body.items.length > 0 ? res.body : null;
      },
      { what: 'the dead letter over HTTP' },
    );
    const id = listed.items[0].id;
    expect(listed.items[0]).toMatchObject({ jobName: 'test.flaky', status: 'dead', data: { order: 'E1' } });
    expect(
      (
        await t.http
          .get('/admin/v1/dead-letters')
          .set(...bearer(b.token))
          .expect(200)
      ).body.items,
    ).toEqual([]);
    await t.http
      .get(`/admin/v1/dead-letters/${id}`)
      .set(...bearer(b.token))
      .expect(404);
    await t.http
      .post(`/admin/v1/dead-letters/${id}/replay`)
      .set(...bearer(b.token))
      .expect(404);
    const agent = await createStaffWithRole(t, a.token, 'cs_agent');
    await t.http
      .get('/admin/v1/dead-letters')
      .set(...bearer(agent.token))
      .expect(403);
    await t.http
      .get('/admin/v1/dead-letters?status=gone')
      .set(...bearer(a.token))
      .expect(400);

    FlakyJob.failing = false;
    const replayed = await t.http
      .post(`/admin/v1/dead-letters/${id}/replay`)
      .set(...bearer(a.token))
      .expect(200);
    expect(replayed.body).toMatchObject({ status: 'replayed', replayCount: 1 });
    await waitFor(async () => FlakyJob.succeeded === 1, { what: 'the replayed job to succeed' });
    const audit = await t.http
      .get('/admin/v1/audit-log?action=dead_letter.replay')
      .set(...bearer(a.token))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
  });
});
