import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Page, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { AfterSaleView } from '@tongdao/orders';
import { BuyerSession, StoreCheckout, StoreOrderView, StoreOrders } from '@tongdao/storefront';
import { Ctx } from '../../http/ctx.decorator';
import { BuyerAccess, CurrentBuyer } from '../buyer-access';
import {
  CheckoutDto,
  IDEMPOTENCY_KEY,
  RefundRequestDto,
  StoreOrderListQuery,
  orderReceiver,
} from './checkout.dto';

/** The buyer's orders in the WeChat shop: checkout, the list and detail, cancel, confirm receipt, refunds. */
@ApiTags('store: orders')
@Controller('store/v1/shops/:shopId/orders')
export class StoreOrdersController {
  constructor(
    private readonly checkout: StoreCheckout,
    private readonly orders: StoreOrders,
  ) {}

  @Post()
  @BuyerAccess()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'retry-safe checkout: 8–64 characters',
  })
  place(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Body() body: CheckoutDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<StoreOrderView> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationFailedError('validation_failed', 'The Idempotency-Key header is not valid', [
        { field: 'Idempotency-Key', problem: '8 to 64 visible ASCII characters' },
      ]);
    }
    return this.checkout.place(
      buyer,
      {
        lines: body.lines,
        fromCart: body.fromCart,
        receiver: orderReceiver(body.receiver),
        buyerMessage: body.buyerMessage ?? null,
        referrerCode: body.referrerCode ?? null,
        idempotencyKey: idempotencyKey ?? null,
      },
      ctx.requestId,
    );
  }

  @Get()
  @BuyerAccess()
  list(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Query() query: StoreOrderListQuery,
  ): Promise<Page<StoreOrderView>> {
    return this.orders.list(buyer, query, ctx.requestId);
  }

  @Get(':orderId')
  @BuyerAccess()
  get(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('orderId') orderId: string,
  ): Promise<StoreOrderView> {
    return this.orders.get(buyer, orderId, ctx.requestId);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @BuyerAccess()
  cancel(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('orderId') orderId: string,
  ): Promise<StoreOrderView> {
    return this.orders.cancel(buyer, orderId, ctx.requestId);
  }

  @Post(':orderId/confirm-receipt')
  @HttpCode(200)
  @BuyerAccess()
  confirmReceipt(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('orderId') orderId: string,
  ): Promise<StoreOrderView> {
    return this.orders.confirmReceipt(buyer, orderId, ctx.requestId);
  }

  @Post(':orderId/refund-requests')
  @BuyerAccess()
  requestRefund(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('orderId') orderId: string,
    @Body() body: RefundRequestDto,
  ): Promise<AfterSaleView> {
    return this.orders.requestRefund(buyer, orderId, body, ctx.requestId);
  }
}
