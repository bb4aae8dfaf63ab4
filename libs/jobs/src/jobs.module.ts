import { BullModule } from '@nestjs/bull';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '@tongdao/config';
import { EventOutbox, JobQueue } from '@tongdao/kernel';
import { SchemaContribution } from '@tongdao/persistence';
import { BullJobQueue, TONGDAO_QUEUE } from './bull-job-queue';
import { ConsumedEvents } from './consumed-events';
import { DeadLetterService, DeadLetterStore } from './dead-letters';
import { DeadLetterRow, OutboxEventRow, ProcessedEventRow } from './entities';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobRegistry } from './job-registry';
import { JobsSchema1763900000000 } from './jobs.migration';
import { JobsRetention1763900000500 } from './retention.migration';
import { OutboxBell, OutboxWriter } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { OutboxRetention } from './retention';

export const jobsSchema: SchemaContribution = {
  entities: [OutboxEventRow, DeadLetterRow, ProcessedEventRow],
  migrations: [JobsSchema1763900000000, JobsRetention1763900000500],
};

const RUN_JOBS = Symbol('RUN_JOBS');

/** Starts consuming (and relaying the outbox) only in processes that run jobs. */
@Injectable()
class JobsStarter implements OnApplicationBootstrap {
  constructor(
    @Inject(RUN_JOBS) private readonly runJobs: boolean,
    @Inject(BullJobQueue) private readonly bull: BullJobQueue | null,
    private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.runJobs) return;
    this.bull?.startConsuming();
    this.relay.start();
  }
}

@Global()
@Module({})
export class JobsModule {
  /** `runJobs`: whether this process consumes jobs and relays the outbox (worker; api on the embedded default). */
  static forRoot(config: AppConfig, runJobs: boolean): DynamicModule {
    const bull = config.jobsKind === 'bull';
    const queueClass = bull ? BullJobQueue : InProcessJobQueue;
    return {
      module: JobsModule,
      imports: [
        DiscoveryModule,
        ...(bull
          ? [
              BullModule.forRoot({ url: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX }),
              BullModule.registerQueue({ name: TONGDAO_QUEUE }),
            ]
          : []),
      ],
      providers: [
        JobRegistry,
        ConsumedEvents,
        DeadLetterStore,
        DeadLetterService,
        OutboxBell,
        OutboxWriter,
        OutboxRelay,
        queueClass,
        { provide: JobQueue, useExisting: queueClass },
        { provide: EventOutbox, useExisting: OutboxWriter },
        bull ? [] : { provide: BullJobQueue, useValue: null },
        { provide: RUN_JOBS, useValue: runJobs },
        JobsStarter,
        OutboxRetention,
      ].flat(),
      exports: [
        JobQueue,
        EventOutbox,
        DeadLetterService,
        OutboxRelay,
        JobRegistry,
        OutboxRetention,
        queueClass,
      ],
    };
  }
}
