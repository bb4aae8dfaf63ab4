import { Injectable, Module } from '@nestjs/common';
import { JobHandler, JobQueue } from '@tongdao/kernel';
import { startTestApp, waitFor } from '@tongdao/testing';

@Injectable()
class SlowJob {
  static started = 0;
  static finished = 0;

  @JobHandler('test.slow', { attempts: 1, concurrency: 2 })
  async run(): Promise<void> {
    SlowJob.started += 1;
    await new Promise((r) => setTimeout(r, 400));
    SlowJob.finished += 1;
  }
}

@Module({ providers: [SlowJob] })
class SlowModule {}

describe.each(['sqlite', 'mysql'] as const)('graceful shutdown on %s', (database) => {
  it('lets running jobs finish before the process stops', async () => {
    SlowJob.started = 0;
    SlowJob.finished = 0;
    const t = await startTestApp({ database, imports: [SlowModule] });
    await t.app.get(JobQueue).enqueue('test.slow', { merchantId: null });
    await waitFor(async () => SlowJob.started === 1, { what: 'the job to start' });
    expect(SlowJob.finished).toBe(0);
    await t.close();
    expect(SlowJob.finished).toBe(1);
  });
});
