import { Injectable, Logger } from '@nestjs/common';
import {
  ConflictError,
  JobData,
  JobQueue,
  NotFoundError,
  PageQuery,
  pageSize,
  Page,
  RequestContext,
  newId,
  toPage,
} from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { LessThan } from 'typeorm';
import { DeadLetterRow } from './entities';

export interface DeadLetterView {
  id: string;
  jobName: string;
  jobId: string | null;
  data: Record<string, unknown>;
  error: string;
  attempts: number;
  status: 'dead' | 'replayed';
  replayCount: number;
  failedAt: string;
  replayedAt: string | null;
}

/** Where a job lands after its last retry; written by whichever runner ran it. */
@Injectable()
export class DeadLetterStore {
  private readonly logger = new Logger(DeadLetterStore.name);

  constructor(private readonly tx: TransactionRunner) {}

  async record(
    jobName: string,
    jobId: string | null,
    data: JobData,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error(
      { jobName, jobId, merchantId: data.merchantId, attempts, err: message },
      'job dead-lettered',
    );
    const row = Object.assign(new DeadLetterRow(), {
      id: newId(),
      merchantId: data.merchantId ?? null,
      jobName,
      jobId,
      data: data,
      error: message.slice(0, 1000),
      attempts,
      status: 'dead',
      replayCount: 0,
      failedAt: new Date(),
      replayedAt: null,
    });
    await this.tx.run((m) => m.getRepository(DeadLetterRow).save(row));
  }
}

/** Staff-facing view of a merchant's dead letters, and replay. */
@Injectable()
export class DeadLetterService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly queue: JobQueue,
  ) {}

  async list(
    ctx: RequestContext,
    query: PageQuery & { status?: 'dead' | 'replayed' },
  ): Promise<Page<DeadLetterView>> {
    const where = {
      merchantId: ctx.tenantId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor ? { id: LessThan(query.cursor) } : {}),
    };
    const limit = pageSize(query);
    const rows = await this.tx
      .manager()
      .getRepository(DeadLetterRow)
      .find({ where, order: { id: 'DESC' }, take: limit + 1 });
    return toPage(rows, limit, toView);
  }

  async get(ctx: RequestContext, id: string): Promise<DeadLetterView> {
    return toView(await this.find(ctx, id));
  }

  /** Sends the job back to its queue with a fresh retry budget. */
  async replay(ctx: RequestContext, id: string): Promise<DeadLetterView> {
    const row = await this.find(ctx, id);
    if (row.status !== 'dead')
      throw new ConflictError('already_replayed', `dead letter ${id} was already replayed`);
    const replayCount = row.replayCount + 1;
    await this.queue.enqueue(row.jobName, row.data as JobData, {
      jobId: `${row.jobId ?? row.id}:replay${replayCount}`,
    });
    row.status = 'replayed';
    row.replayCount = replayCount;
    row.replayedAt = new Date();
    await this.tx.manager().getRepository(DeadLetterRow).save(row);
    return toView(row);
  }

  private async find(ctx: RequestContext, id: string): Promise<DeadLetterRow> {
    const row = await this.tx
      .manager()
      .getRepository(DeadLetterRow)
      .findOne({ where: { id, merchantId: ctx.tenantId } });
    if (!row) throw new NotFoundError('dead letter', id);
    return row;
  }
}

function toView(row: DeadLetterRow): DeadLetterView {
  return {
    id: row.id,
    jobName: row.jobName,
    jobId: row.jobId,
    data: row.data,
    error: row.error,
    attempts: row.attempts,
    status: row.status,
    replayCount: row.replayCount,
    failedAt: row.failedAt.toISOString(),
    replayedAt: row.replayedAt ? row.replayedAt.toISOString() : null,
  };
}
