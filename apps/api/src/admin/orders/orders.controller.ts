import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page, RequestContext } from '@tongdao/kernel';
import {
  OrderDesk,
  OrderFulfilment,
  OrderLineMapping,
  OrderLineView,
  OrderStatus,
  OrderView,
  ShipmentView,
} from '@tongdao/orders';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import {
  AssignOrderDto,
  CancelOrderDto,
  MapOrderLineDto,
  OrderListQuery,
  RemarkOrderDto,
  ShipOrderDto,
  TagOrderDto,
} from './orders.dto';

@ApiTags('orders')
@Controller('admin/v1/orders')
export class OrdersController {
  constructor(
    private readonly desk: OrderDesk,
    private readonly fulfilment: OrderFulfilment,
    private readonly mapping: OrderLineMapping,
  ) {}

  @Get()
  @RequirePermissions('order.read')
  list(@Ctx() ctx: RequestContext, @Query() query: OrderListQuery): Promise<Page<OrderView>> {
    return this.desk.list(ctx, query);
  }

  @Get(':id')
  @RequirePermissions('order.read')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrderView> {
    return this.desk.get(ctx, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @RequirePermissions('order.assign')
  assign(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: AssignOrderDto,
  ): Promise<OrderView> {
    return this.desk.assign(ctx, id, body.staffId ?? null);
  }

  @Patch(':id/memo')
  @RequirePermissions('order.remark')
  remark(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: RemarkOrderDto,
  ): Promise<OrderView> {
    return this.desk.remark(ctx, id, body);
  }

  @Post(':id/tags')
  @HttpCode(200)
  @RequirePermissions('order.remark')
  tag(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: TagOrderDto): Promise<OrderView> {
    return this.desk.tag(ctx, id, body.add ?? [], body.remove ?? []);
  }

  /** An unmapped line (channel item we could not match) now sells this SKU; its stock follows the order. */
  @Post(':id/lines/:lineId/map')
  @HttpCode(200)
  @RequirePermissions('order.ship')
  mapLine(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('lineId') lineId: string,
    @Body() body: MapOrderLineDto,
  ): Promise<OrderLineView> {
    return this.mapping.mapLine(ctx, id, lineId, body.skuId);
  }

  @Post(':id/shipments')
  @RequirePermissions('order.ship')
  ship(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: ShipOrderDto,
  ): Promise<ShipmentView> {
    return this.fulfilment.ship(ctx, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermissions('order.refund')
  async cancel(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: CancelOrderDto,
  ): Promise<{ status: OrderStatus }> {
    return { status: await this.fulfilment.cancel(ctx, id, body.reason) };
  }
}
