import { Injectable } from '@nestjs/common';
import { ChannelSecrets } from '@tongdao/channels';
import { AuditLog, ShopsService } from '@tongdao/identity';
import { WarehouseService } from '@tongdao/inventory';
import { Id, NotFoundError, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { ErpConnector } from '../connector/erp-connector';
import { ErpError } from '../connector/erp-errors';
import { ErpConnectionRow, ErpKind, ErpShopBinding, StockSource } from '../erp.entities';
import { ErpSyncLog } from '../sync-log.service';
import { ErpConnectors, SealedErpSecrets } from './erp-connectors';

export interface ErpConnectionInput {
  kind: ErpKind;
  baseUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken?: string | null;
  shops: ErpShopBinding[];
  erpWarehouseId?: string | null;
  warehouseId?: string | null;
  stockSource: StockSource;
}

/** The connection as staff see it: everything but the secrets. */
export interface ErpConnectionView {
  id: string;
  kind: ErpKind;
  baseUrl: string;
  appKey: string;
  hasCredentials: boolean;
  shops: ErpShopBinding[];
  erpWarehouseId: string | null;
  warehouseId: string | null;
  stockSource: StockSource;
  status: ErpConnectionRow['status'];
  lastError: string | null;
  stockCursor: string | null;
  shipmentCursor: string | null;
  lastSyncAt: string | null;
  updatedAt: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  code: string | null;
  message: string | null;
}

/** Each merchant's one ERP connection: stored with sealed credentials, tested, marked when it stops working. */
@Injectable()
export class ErpConnections {
  private readonly rows: TenantRepository<ErpConnectionRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly secrets: ChannelSecrets,
    private readonly connectors: ErpConnectors,
    private readonly shops: ShopsService,
    private readonly warehouses: WarehouseService,
    private readonly audit: AuditLog,
    private readonly log: ErpSyncLog,
  ) {
    this.rows = new TenantRepository(tx, ErpConnectionRow, 'ERP connection');
  }

  /** Creates or replaces the connection. Cursors survive a replacement (same ERP, new credentials). */
  async put(ctx: RequestContext, input: ErpConnectionInput): Promise<ErpConnectionView> {
    assertConnectionInput(input);
    await this.shops.assertAllExist(
      ctx,
      input.shops.map((s) => s.shopId),
      'shops',
    );
    if (input.warehouseId) await this.warehouses.resolve(ctx, input.warehouseId);
    const sealed: SealedErpSecrets = {
      appSecret: input.appSecret,
      accessToken: input.accessToken,
      refreshToken: input.refreshToken ?? null,
    };
    return this.tx.run(async () => {
      const existing = await this.rows.findOne(ctx, {});
      const fields = {
        kind: input.kind,
        baseUrl: input.baseUrl,
        appKey: input.appKey,
        secrets: this.secrets.seal(JSON.stringify(sealed)),
        shops: input.shops.map((s) => ({ shopId: s.shopId, erpShopId: s.erpShopId })),
        erpWarehouseId: input.erpWarehouseId ?? null,
        warehouseId: input.warehouseId ?? null,
        stockSource: input.stockSource,
        status: 'active' as const,
        lastError: null,
      };
      const row = existing
        ? await this.rows.save(ctx, Object.assign(existing, fields))
        : await this.rows.insert(ctx, {
            ...fields,
            stockCursor: null,
            shipmentCursor: null,
            lastSyncAt: null,
          });
      await this.audit.record(ctx, {
        action: existing ? 'erp.connection.replace' : 'erp.connection.create',
        targetType: 'erp_connection',
        targetId: row.id,
        summary: {
          kind: row.kind,
          baseUrl: row.baseUrl,
          appKey: row.appKey,
          shops: row.shops,
          stockSource: row.stockSource,
        },
      });
      return toView(row);
    });
  }

  async get(ctx: RequestContext): Promise<ErpConnectionView> {
    return toView(await this.require(ctx));
  }

  async require(ctx: RequestContext): Promise<ErpConnectionRow> {
    const row = await this.rows.findOne(ctx, {});
    if (!row) throw new NotFoundError('ERP connection');
    return row;
  }

  /**
   * The merchant's connection if it serves the shop, whatever its status: orders paid while the credentials
   * are broken are queued and go once the connection works again.
   */
  async serving(ctx: RequestContext, shopId: Id): Promise<ErpConnectionRow | null> {
    const row = await this.rows.findOne(ctx, {});
    if (!row || row.status === 'paused') return null;
    return row.shops.some((s) => s.shopId === shopId) ? row : null;
  }

  /** Every active connection, across merchants (the periodic pull fans out from here). */
  async allActive(): Promise<Array<{ merchantId: string; id: string }>> {
    const rows = await this.tx.dataSource.manager
      .getRepository(ErpConnectionRow)
      .find({ where: { status: 'active' }, select: { id: true, merchantId: true } });
    return rows.map((r) => ({ merchantId: r.merchantId, id: r.id }));
  }

  connector(ctx: RequestContext, row: ErpConnectionRow): ErpConnector {
    return this.connectors.open(row, (secrets) => this.storeSecrets(ctx, row, secrets));
  }

  /** One cheap signed call with the stored credentials; a working connection is marked active again. */
  async test(ctx: RequestContext): Promise<ConnectionTestResult> {
    const row = await this.require(ctx);
    try {
      await this.connector(ctx, row).ping();
    } catch (error) {
      if (!(error instanceof ErpError)) throw error;
      if (error.kind === 'auth') await this.markFailed(ctx, row, error);
      return { ok: false, code: error.code, message: error.message };
    }
    if (row.status !== 'active' || row.lastError) {
      await this.rows.save(ctx, Object.assign(row, { status: 'active', lastError: null }));
    }
    return { ok: true, code: null, message: null };
  }

  /** The credentials stopped working: uploads wait (nothing is used up) until staff replace or re-test them. */
  async markFailed(ctx: RequestContext, row: ErpConnectionRow, error: ErpError): Promise<void> {
    await this.tx.run(async () => {
      await this.rows.save(ctx, Object.assign(row, { status: 'auth_failed', lastError: error.message }));
      await this.log.write(ctx, [
        { kind: 'connection', outcome: 'auth_failed', detail: error.message.slice(0, 500) },
      ]);
    });
  }

  async saveCursors(
    ctx: RequestContext,
    row: ErpConnectionRow,
    cursors: { stockCursor?: Date; shipmentCursor?: Date },
  ): Promise<void> {
    await this.rows.save(ctx, Object.assign(row, cursors, { lastSyncAt: new Date() }));
  }

  private async storeSecrets(ctx: RequestContext, row: ErpConnectionRow, sealed: SealedErpSecrets) {
    row.secrets = this.secrets.seal(JSON.stringify(sealed));
    await this.tx.dataSource.manager
      .getRepository(ErpConnectionRow)
      .update({ id: row.id, merchantId: ctx.tenantId }, { secrets: row.secrets, updatedAt: new Date() });
  }
}

function assertConnectionInput(input: ErpConnectionInput): void {
  const problems: Array<{ field: string; problem: string }> = [];
  if (!/^https?:\/\/\S+$/.test(input.baseUrl)) problems.push({ field: 'baseUrl', problem: 'an http(s) URL' });
  if (input.shops.length === 0) problems.push({ field: 'shops', problem: 'at least one shop' });
  if (new Set(input.shops.map((s) => s.shopId)).size !== input.shops.length)
    problems.push({ field: 'shops', problem: 'each shop once' });
  input.shops.forEach((s, i) => {
    if (!/^\d{1,18}$/.test(s.erpShopId))
      problems.push({ field: `shops[${i}].erpShopId`, problem: 'the ERP shop id (digits)' });
  });
  if (input.erpWarehouseId && !/^\d{1,18}$/.test(input.erpWarehouseId))
    problems.push({ field: 'erpWarehouseId', problem: 'the ERP warehouse id (digits)' });
  if (problems.length > 0)
    throw new ValidationFailedError('invalid_erp_connection', 'The ERP connection is not valid', problems);
}

function toView(row: ErpConnectionRow): ErpConnectionView {
  return {
    id: row.id,
    kind: row.kind,
    baseUrl: row.baseUrl,
    appKey: row.appKey,
    hasCredentials: row.secrets.length > 0,
    shops: row.shops,
    erpWarehouseId: row.erpWarehouseId,
    warehouseId: row.warehouseId,
    stockSource: row.stockSource,
    status: row.status,
    lastError: row.lastError,
    stockCursor: row.stockCursor?.toISOString() ?? null,
    shipmentCursor: row.shipmentCursor?.toISOString() ?? null,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
