import { Injectable } from '@nestjs/common';
import { CHANNEL_TYPES, ChannelAccountStatus, ChannelType } from '@tongdao/catalog';
import {
  Id,
  NotFoundError,
  Page,
  PageQuery,
  RequestContext,
  ValidationFailedError,
  pageSize,
  toPage,
} from '@tongdao/kernel';
import { AuditLog, ShopsService } from '@tongdao/identity';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { In } from 'typeorm';
import { ChannelAccount } from './channel-account.entity';

export interface CreateChannelAccountInput {
  type: ChannelType;
  shopId: Id;
  name: string;
  /** Non-secret per-type settings (app key, gateway URL …), returned by the API. */
  settings?: Record<string, unknown>;
  /** Already sealed by ChannelSecrets; never returned. */
  sealedSecrets?: string | null;
}

export interface ChannelAccountQuery extends PageQuery {
  type?: ChannelType;
  status?: ChannelAccountStatus;
  shopId?: Id;
}

export interface ChannelAccountView {
  id: Id;
  shopId: Id;
  type: ChannelType;
  name: string;
  status: ChannelAccountStatus;
  externalId: string | null;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

@Injectable()
export class ChannelAccountsService {
  private readonly accounts: TenantRepository<ChannelAccount>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly shops: ShopsService,
    private readonly audit: AuditLog,
  ) {
    this.accounts = new TenantRepository(tx, ChannelAccount, 'channel account');
  }

  /**
   * A bare account (no credentials yet): the Taobao/WeChat/Weibo connection flows extend this with their
   * own fields and set externalId and status once authorised.
   */
  async create(ctx: RequestContext, input: CreateChannelAccountInput): Promise<ChannelAccountView> {
    const details: { field: string; problem: string }[] = [];
    if (!CHANNEL_TYPES.includes(input.type))
      details.push({ field: 'type', problem: `one of ${CHANNEL_TYPES.join(', ')}` });
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length === 0 || name.length > 100)
      details.push({ field: 'name', problem: '1 to 100 characters' });
    if (details.length > 0)
      throw new ValidationFailedError('validation_failed', 'Some fields are invalid', details);
    return this.tx.run(async () => {
      // 400 naming shopId when the shop is not the tenant's, or outside the actor's shop scope.
      const scope = ctx.actor?.shopScope ?? 'all';
      if (scope !== 'all' && !scope.includes(input.shopId)) {
        throw new ValidationFailedError('unknown_shop', 'That shop is outside your shops', [
          { field: 'shopId', problem: `no shop ${input.shopId} in your scope` },
        ]);
      }
      await this.shops.assertAllExist(ctx, [input.shopId], 'shopId');
      const account = await this.accounts.insert(ctx, {
        shopId: input.shopId,
        type: input.type,
        name,
        status: 'active',
        externalId: null,
        settings: input.settings ?? {},
        secrets: input.sealedSecrets ?? null,
      });
      await this.audit.record(ctx, {
        action: 'channel_account.create',
        targetType: 'channel_account',
        targetId: account.id,
        summary: { type: account.type, shopId: account.shopId, name: account.name },
      });
      return view(account);
    });
  }

  async get(ctx: RequestContext, id: Id): Promise<ChannelAccountView> {
    return view(await this.row(ctx, id));
  }

  /**
   * The stored row, sealed secrets included: for the channel drivers of this lib, never for the API. Staff
   * limited to some shops reach only those shops' accounts (404 otherwise, as for one that does not exist).
   */
  async row(ctx: RequestContext, id: Id): Promise<ChannelAccount> {
    const account = await this.accounts.getById(ctx, id);
    const scope = ctx.actor?.kind === 'staff' ? ctx.actor.shopScope : 'all';
    if (scope !== 'all' && !scope.includes(account.shopId)) throw new NotFoundError('channel account', id);
    return account;
  }

  /** New credentials (sealed) and settings for a connected account, which becomes active again. */
  async reconnect(
    ctx: RequestContext,
    id: Id,
    settings: Record<string, unknown>,
    sealedSecrets: string,
  ): Promise<ChannelAccountView> {
    return this.tx.run(async () => {
      const account = await this.accounts.getById(ctx, id);
      const before = account.status;
      account.settings = { ...account.settings, ...settings };
      account.secrets = sealedSecrets;
      account.status = 'active';
      await this.accounts.save(ctx, account);
      await this.audit.record(ctx, {
        action: 'channel_account.reconnect',
        targetType: 'channel_account',
        targetId: id,
        summary: { status: [before, 'active'], settings: Object.keys(settings) },
      });
      return view(account);
    });
  }

  /** Marks an account whose authorisation the platform revoked; the merchant must connect it again. */
  async setStatus(ctx: RequestContext, id: Id, status: ChannelAccountStatus, reason: string): Promise<void> {
    await this.tx.run(async () => {
      const account = await this.accounts.getById(ctx, id);
      if (account.status === status) return;
      const before = account.status;
      account.status = status;
      await this.accounts.save(ctx, account);
      await this.audit.record(ctx, {
        action: 'channel_account.status',
        targetType: 'channel_account',
        targetId: id,
        summary: { status: [before, status], reason },
      });
    });
  }

  async list(ctx: RequestContext, query: ChannelAccountQuery): Promise<Page<ChannelAccountView>> {
    const scope = ctx.actor?.kind === 'staff' ? ctx.actor.shopScope : 'all';
    if (scope !== 'all' && query.shopId && !scope.includes(query.shopId))
      return { items: [], nextCursor: null };
    const rows = await this.accounts.pageRows(ctx, query, {
      ...(query.type ? { type: query.type } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.shopId ? { shopId: query.shopId } : scope !== 'all' ? { shopId: In([...scope]) } : {}),
    });
    return toPage(rows, pageSize(query), view);
  }
}

function view(a: ChannelAccount): ChannelAccountView {
  return {
    id: a.id,
    shopId: a.shopId,
    type: a.type,
    name: a.name,
    status: a.status,
    externalId: a.externalId,
    settings: a.settings,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
