import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { Id, JobData, JobHandler, JobQueue, PeriodicSchedule, RequestContext } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ChannelAccount } from '../channel-account.entity';
import { TaobaoSync } from './taobao-sync.service';

export const TAOBAO_SYNC_JOB = 'taobao.sync';
export const CHANNEL_SYNC_TICK_JOB = 'channels.sync-tick';

interface SyncJobData extends JobData {
  merchantId: string;
  channelAccountId: string;
  trigger: string;
  /** ISO time to backfill from. */
  since?: string | null;
}

/**
 * The reconcile poll: every CHANNEL_SYNC_MS each active Taobao account gets one sync job (its id is the
 * account and time slot, so many processes still queue one). Embedded: a timer; production: a chain of
 * delayed Bull jobs keyed by slot, like the reservation sweep.
 */
@Injectable()
export class TaobaoSyncJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TaobaoSyncJobs.name);
  private readonly schedule: PeriodicSchedule;

  constructor(
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly tx: TransactionRunner,
    private readonly sync: TaobaoSync,
  ) {
    this.schedule = new PeriodicSchedule(queue, {
      jobName: CHANNEL_SYNC_TICK_JOB,
      intervalMs: config.CHANNEL_SYNC_MS,
      inProcess: config.jobsKind === 'in-process',
      run: () => this.tick(),
      logger: this.logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.RUN_JOBS !== 'off') await this.schedule.start();
  }

  onApplicationShutdown(): void {
    this.schedule.stop();
  }

  /** Queues a sync now (the admin's "sync" button); deduplicated while one is waiting. */
  async enqueue(
    merchantId: Id,
    channelAccountId: Id,
    trigger: string,
    since: Date | null = null,
  ): Promise<void> {
    const data: SyncJobData = { merchantId, channelAccountId, trigger, since: since?.toISOString() ?? null };
    await this.queue.enqueue(TAOBAO_SYNC_JOB, data, {
      jobId: `taobao-sync:${channelAccountId}:${trigger}:${Date.now()}`,
    });
  }

  @JobHandler(TAOBAO_SYNC_JOB, { attempts: 3, backoffMs: 5000, concurrency: 4 })
  async run(data: SyncJobData): Promise<void> {
    const ctx = RequestContext.system(data.merchantId, `taobao-sync:${data.channelAccountId}`);
    const since = data.since ? new Date(data.since) : null;
    await this.sync
      .sync(ctx, data.channelAccountId, data.trigger, new Date(), since)
      .catch((error: unknown) => {
        // A run already in progress covers this one.
        if (error instanceof Error && error.message.includes('already running')) return;
        throw error;
      });
  }

  @JobHandler(CHANNEL_SYNC_TICK_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  runTick(): Promise<void> {
    return this.schedule.onJob();
  }

  async tick(): Promise<number> {
    try {
      const accounts = await this.tx.dataSource.manager.find(ChannelAccount, {
        where: { type: 'taobao', status: 'active' },
        select: { id: true, merchantId: true },
      });
      const slot = Math.floor(Date.now() / this.config.CHANNEL_SYNC_MS);
      for (const account of accounts) {
        const data: SyncJobData = {
          merchantId: account.merchantId,
          channelAccountId: account.id,
          trigger: 'schedule',
        };
        await this.queue.enqueue(TAOBAO_SYNC_JOB, data, { jobId: `taobao-sync:${account.id}:${slot}` });
      }
      return accounts.length;
    } catch (error) {
      this.logger.error({ err: String(error) }, 'channel sync tick failed');
      return 0;
    }
  }
}
