import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  ErrorDetail,
  Id,
  NotFoundError,
  RequestContext,
  ValidationFailedError,
} from '@tongdao/kernel';
import { AuditLog, ShopsService } from '@tongdao/identity';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { TEMPLATE_EVENTS, TemplateEvent, WechatNotificationTemplateRow } from './outbound.entities';
import { fieldMappingProblems } from './template-syntax';

export interface NotificationTemplateInput {
  event: TemplateEvent;
  templateId: string;
  fields: Record<string, string>;
  url?: string | null;
  enabled?: boolean;
}

export type NotificationTemplatePatch = Partial<Omit<NotificationTemplateInput, 'event'>>;

export interface NotificationTemplateView {
  id: Id;
  shopId: Id;
  event: TemplateEvent;
  templateId: string;
  fields: Record<string, string>;
  url: string | null;
  enabled: boolean;
  updatedAt: string;
}

/** Per-shop template messages for order events (one per shop and event). */
@Injectable()
export class WechatNotificationTemplates {
  private readonly rows: TenantRepository<WechatNotificationTemplateRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly shops: ShopsService,
    private readonly audit: AuditLog,
  ) {
    this.rows = new TenantRepository(tx, WechatNotificationTemplateRow, 'notification template');
  }

  async list(ctx: RequestContext, shopId: Id): Promise<NotificationTemplateView[]> {
    await this.shops.get(ctx, shopId);
    return (await this.rows.find(ctx, { shopId }, { event: 'ASC' })).map(view);
  }

  async get(ctx: RequestContext, shopId: Id, id: Id): Promise<NotificationTemplateView> {
    return view(await this.row(ctx, shopId, id));
  }

  async create(
    ctx: RequestContext,
    shopId: Id,
    input: NotificationTemplateInput,
  ): Promise<NotificationTemplateView> {
    assertValid(input.event, input);
    await this.shops.get(ctx, shopId);
    try {
      return await this.tx.run(async () => {
        if (await this.rows.findOne(ctx, { shopId, event: input.event })) throw duplicate(input.event);
        const row = await this.rows.insert(ctx, {
          shopId,
          event: input.event,
          templateId: input.templateId,
          fields: input.fields,
          url: input.url ?? null,
          enabled: input.enabled ?? true,
        });
        await this.record(ctx, 'wechat_template.create', row);
        return view(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate(input.event);
      throw error;
    }
  }

  async update(
    ctx: RequestContext,
    shopId: Id,
    id: Id,
    patch: NotificationTemplatePatch,
  ): Promise<NotificationTemplateView> {
    return this.tx.run(async () => {
      const row = await this.row(ctx, shopId, id);
      assertValid(row.event, { ...row, ...patch });
      if (patch.templateId !== undefined) row.templateId = patch.templateId;
      if (patch.fields !== undefined) row.fields = patch.fields;
      if (patch.url !== undefined) row.url = patch.url;
      if (patch.enabled !== undefined) row.enabled = patch.enabled;
      await this.rows.save(ctx, row);
      await this.record(ctx, 'wechat_template.update', row);
      return view(row);
    });
  }

  async remove(ctx: RequestContext, shopId: Id, id: Id): Promise<void> {
    await this.tx.run(async () => {
      const row = await this.row(ctx, shopId, id);
      await this.rows.delete(ctx, { id: row.id });
      await this.record(ctx, 'wechat_template.delete', row);
    });
  }

  /** The enabled template of a shop for an event, for the notifier. */
  async forEvent(
    ctx: RequestContext,
    shopId: Id,
    event: TemplateEvent,
  ): Promise<WechatNotificationTemplateRow | null> {
    const row = await this.rows.findOne(ctx, { shopId, event });
    return row?.enabled ? row : null;
  }

  private async row(ctx: RequestContext, shopId: Id, id: Id): Promise<WechatNotificationTemplateRow> {
    await this.shops.get(ctx, shopId);
    const row = await this.rows.findById(ctx, id);
    if (!row || row.shopId !== shopId) throw new NotFoundError('notification template', id);
    return row;
  }

  private async record(
    ctx: RequestContext,
    action: string,
    row: WechatNotificationTemplateRow,
  ): Promise<void> {
    await this.audit.record(ctx, {
      action,
      targetType: 'wechat_notification_template',
      targetId: row.id,
      summary: { shopId: row.shopId, event: row.event, templateId: row.templateId, enabled: row.enabled },
    });
  }
}

function duplicate(event: string): ConflictError {
  return new ConflictError('template_exists', `This shop already has a template for ${event}`, [
    { field: 'event', problem: 'one template per shop and event; change the existing one' },
  ]);
}

function assertValid(event: TemplateEvent, input: Partial<NotificationTemplateInput>): void {
  const problems: ErrorDetail[] = [];
  if (!(TEMPLATE_EVENTS as readonly string[]).includes(event))
    problems.push({ field: 'event', problem: `one of ${TEMPLATE_EVENTS.join(', ')}` });
  else problems.push(...fieldMappingProblems(event, input.fields));
  if (typeof input.templateId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(input.templateId))
    problems.push({ field: 'templateId', problem: '1 to 128 letters, digits, _ or -' });
  if (input.url != null && (typeof input.url !== 'string' || !/^https?:\/\/\S{1,480}$/.test(input.url)))
    problems.push({ field: 'url', problem: 'an http(s) URL' });
  if (problems.length > 0)
    throw new ValidationFailedError('validation_failed', 'Some fields are invalid', problems);
}

function view(row: WechatNotificationTemplateRow): NotificationTemplateView {
  return {
    id: row.id,
    shopId: row.shopId,
    event: row.event,
    templateId: row.templateId,
    fields: row.fields,
    url: row.url,
    enabled: Boolean(row.enabled),
    updatedAt: row.updatedAt.toISOString(),
  };
}
