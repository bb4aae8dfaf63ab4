import { Injectable } from '@nestjs/common';
import { Page, PageQuery, RequestContext, pageSize, toPage } from '@tongdao/kernel';
import { IdentityRepositories } from '../repositories';
import { AuditEntryView, auditView } from '../views';

export interface AuditQuery extends PageQuery {
  actorStaffId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

@Injectable()
export class AuditQueryService {
  constructor(private readonly repos: IdentityRepositories) {}

  async list(ctx: RequestContext, query: AuditQuery): Promise<Page<AuditEntryView>> {
    const limit = pageSize(query);
    const qb = this.repos.audit.query(ctx, 'a');
    if (query.actorStaffId) qb.andWhere('a.actorStaffId = :actor', { actor: query.actorStaffId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.targetType) qb.andWhere('a.targetType = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('a.targetId = :targetId', { targetId: query.targetId });
    if (query.from) qb.andWhere('a.createdAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.createdAt < :to', { to: query.to });
    if (query.cursor) qb.andWhere('a.id < :cursor', { cursor: query.cursor });
    const rows = await qb
      .orderBy('a.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, auditView);
  }
}
