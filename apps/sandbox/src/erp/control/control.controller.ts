import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  UsePipes,
} from '@nestjs/common';
import { controlPipe, newest, ResetDto, switchSet } from '../../shared/control';
import { OrderBook, ShipRefused } from '../orders/book';
import { ErpMisbehaviour } from '../state/misbehaviour';
import { ErpCallRecord, Tenant } from '../state/model';
import { ErpStore, orderKey } from '../state/store';
import { CallsQuery, CreateTenantDto, MisbehaviourDto, SetStockDto, ShipDto } from './dto';
import { receivedView, shipmentControlView, tenantView } from './views';

/** `/_sandbox/erp`: not part of the ERP. Tenants and stock, the warehouse shipping, fault switches, the logs. */
@Controller('_sandbox/erp')
@UsePipes(controlPipe)
export class ErpControlController {
  constructor(
    private readonly store: ErpStore,
    private readonly book: OrderBook,
  ) {}

  @Get()
  overview(): Record<string, unknown> {
    return {
      seed: this.store.seed,
      api: ['/openWeb/auth/*', '/open/*'],
      tenants: [...this.store.tenants.keys()],
      orders: this.store.orders.size,
      calls: this.store.calls.length,
    };
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body() body: ResetDto): { seed: number } {
    this.store.reset(body.seed);
    return { seed: body.seed };
  }

  @Post('tenants')
  create(@Body() body: CreateTenantDto): Record<string, unknown> {
    return tenantView(this.store.createTenant(body));
  }

  @Get('tenants/:appKey')
  tenant(@Param('appKey') appKey: string): Record<string, unknown> {
    return tenantView(this.requireTenant(appKey), true);
  }

  /** Sets on-hand quantities (a stock count in the warehouse); new SKUs are created. */
  @Put('tenants/:appKey/stock')
  setStock(@Param('appKey') appKey: string, @Body() body: SetStockDto): Record<string, unknown> {
    const tenant = this.requireTenant(appKey);
    for (const item of body.items) {
      const wmsCoId = item.wmsCoId ?? this.store.defaultWarehouse(tenant);
      if (!tenant.warehouses.some((w) => w.wmsCoId === wmsCoId))
        throw new NotFoundException(`no warehouse ${wmsCoId}`);
      this.store.setStock(tenant, item.skuId, wmsCoId, item.qty, item.name);
    }
    return tenantView(tenant, true);
  }

  /** The warehouse sends an order out: it becomes `Sent` with a tracking number. */
  @Post('tenants/:appKey/shipments')
  ship(@Param('appKey') appKey: string, @Body() body: ShipDto): Record<string, unknown> {
    const tenant = this.requireTenant(appKey);
    const order = this.store.orders.get(orderKey(appKey, body.shopId, body.soId));
    if (!order) throw new NotFoundException(`no order ${body.shopId}/${body.soId}`);
    try {
      return shipmentControlView(order, this.book.ship(tenant, order, body));
    } catch (error) {
      if (error instanceof ShipRefused) throw new ConflictException(error.message);
      throw error;
    }
  }

  /** Every so_id the ERP was sent, rejected ones too, with how many upload calls carried it. */
  @Get('tenants/:appKey/orders')
  orders(@Param('appKey') appKey: string): { orders: Array<Record<string, unknown>> } {
    this.requireTenant(appKey);
    const receipts = [...this.store.receipts.values()].filter((receipt) => receipt.appKey === appKey);
    return {
      orders: receipts.map((receipt) =>
        receivedView(receipt, this.store.orders.get(orderKey(appKey, receipt.shopId, receipt.soId))),
      ),
    };
  }

  @Post('tenants/:appKey/expire-token')
  @HttpCode(200)
  expireToken(@Param('appKey') appKey: string): { tokenExpired: boolean } {
    this.requireTenant(appKey).tokenExpired = true;
    return { tokenExpired: true };
  }

  @Get('tenants/:appKey/misbehaviour')
  getMisbehaviour(@Param('appKey') appKey: string): ErpMisbehaviour {
    this.requireTenant(appKey);
    return this.store.faultsOf(appKey).config;
  }

  /** Replaces the tenant's whole switch set (and restarts its counters); `{}` turns everything off. */
  @Put('tenants/:appKey/misbehaviour')
  setMisbehaviour(@Param('appKey') appKey: string, @Body() body: MisbehaviourDto): ErpMisbehaviour {
    this.requireTenant(appKey);
    const config = switchSet<ErpMisbehaviour>(body);
    this.store.faultsOf(appKey).set(config);
    return config;
  }

  @Get('calls')
  calls(@Query() query: CallsQuery): { total: number; calls: ErpCallRecord[] } {
    const calls = this.store.calls.filter(
      (call) =>
        (!query.appKey || call.appKey === query.appKey) &&
        (!query.path || call.path === query.path) &&
        (!query.outcome || call.outcome.startsWith(query.outcome)),
    );
    return { total: calls.length, calls: newest(calls, query.limit) };
  }

  private requireTenant(appKey: string): Tenant {
    const tenant = this.store.tenants.get(appKey);
    if (!tenant) throw new NotFoundException(`no tenant ${appKey}`);
    return tenant;
  }
}
