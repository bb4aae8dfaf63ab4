import { Injectable } from '@nestjs/common';
import { RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  /** Dotted verb, e.g. `staff.create`, `stock.adjust`. */
  action: string;
  targetType: string;
  targetId: string | null;
  /** What changed: new values, or {field: [before, after]}. Never secrets. */
  summary: Record<string, unknown>;
}

/**
 * Every context records its staff's mutating actions here, inside the same transaction as the change, so
 * an action and its audit row commit or fail together.
 */
@Injectable()
export class AuditLog {
  private readonly entries: TenantRepository<AuditEntry>;

  constructor(tx: TransactionRunner) {
    this.entries = new TenantRepository(tx, AuditEntry, 'audit entry');
  }

  async record(ctx: RequestContext, record: AuditRecord): Promise<void> {
    await this.entries.insert(ctx, {
      actorStaffId: ctx.staffId,
      actorName: ctx.actor?.name ?? 'anonymous',
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      summary: record.summary,
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
  }
}
