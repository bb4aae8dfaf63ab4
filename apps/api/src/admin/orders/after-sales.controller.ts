import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page, RequestContext } from '@tongdao/kernel';
import {
  AfterSaleRefunds,
  AfterSaleView,
  AfterSales,
  GuaranteePolicyView,
  Settlement,
} from '@tongdao/orders';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import {
  AfterSaleListQuery,
  GuaranteePolicyDto,
  ReceiveReturnDto,
  RecordRefundDto,
  RejectAfterSaleDto,
  RequestAfterSaleDto,
} from './after-sales.dto';

@ApiTags('after-sales')
@Controller('admin/v1')
export class AfterSalesController {
  constructor(
    private readonly afterSales: AfterSales,
    private readonly refunds: AfterSaleRefunds,
    private readonly settlement: Settlement,
  ) {}

  /** Staff record a buyer's claim on one line (refund only, or return and refund). */
  @Post('orders/:id/after-sales')
  @RequirePermissions('order.remark')
  request(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: RequestAfterSaleDto,
  ): Promise<AfterSaleView> {
    return this.afterSales.request(ctx, id, body);
  }

  @Get('orders/:id/after-sales')
  @RequirePermissions('order.read')
  forOrder(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: AfterSaleListQuery,
  ): Promise<Page<AfterSaleView>> {
    return this.afterSales.list(ctx, { ...query, orderId: id });
  }

  @Get('after-sales')
  @RequirePermissions('order.read')
  list(@Ctx() ctx: RequestContext, @Query() query: AfterSaleListQuery): Promise<Page<AfterSaleView>> {
    return this.afterSales.list(ctx, query);
  }

  @Get('after-sales/:id')
  @RequirePermissions('order.read')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<AfterSaleView> {
    return this.afterSales.get(ctx, id);
  }

  @Post('after-sales/:id/approve')
  @HttpCode(200)
  @RequirePermissions('order.refund')
  approve(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<AfterSaleView> {
    return this.afterSales.approve(ctx, id);
  }

  @Post('after-sales/:id/reject')
  @HttpCode(200)
  @RequirePermissions('order.refund')
  reject(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: RejectAfterSaleDto,
  ): Promise<AfterSaleView> {
    return this.afterSales.reject(ctx, id, body.reason);
  }

  /** The buyer withdrew the claim. */
  @Post('after-sales/:id/cancel')
  @HttpCode(200)
  @RequirePermissions('order.remark')
  cancel(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<AfterSaleView> {
    return this.afterSales.cancel(ctx, id);
  }

  @Post('after-sales/:id/return-received')
  @HttpCode(200)
  @RequirePermissions('order.ship')
  receiveReturn(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: ReceiveReturnDto,
  ): Promise<AfterSaleView> {
    return this.refunds.receiveReturn(ctx, id, body);
  }

  /** Records that the money went back (channels confirm refunds themselves; this is for refunds made by hand). */
  @Post('after-sales/:id/refund')
  @HttpCode(200)
  @RequirePermissions('order.refund')
  refund(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: RecordRefundDto,
  ): Promise<AfterSaleView> {
    return this.refunds.markRefunded(ctx, id, body.note ?? null);
  }

  @Get('shops/:shopId/guarantee')
  @RequirePermissions('order.read')
  guarantee(@Ctx() ctx: RequestContext, @Param('shopId') shopId: string): Promise<GuaranteePolicyView> {
    return this.settlement.policy(ctx, shopId);
  }

  @Put('shops/:shopId/guarantee')
  @RequirePermissions('shop.manage')
  setGuarantee(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Body() body: GuaranteePolicyDto,
  ): Promise<GuaranteePolicyView> {
    return this.settlement.setPolicy(ctx, shopId, body);
  }
}
