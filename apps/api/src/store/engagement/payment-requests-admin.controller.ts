import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page, RequestContext } from '@tongdao/kernel';
import { PaymentRequestView, StorePaymentRequests } from '@tongdao/storefront';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { CreatePaymentRequestDto, PaymentRequestListQuery } from './engagement.dto';

/**
 * Payment requests ("invitation to pay"): staff pick goods and a price for one buyer, and the link reaches the
 * buyer in WeChat. Making, resending and cancelling one needs customer.read and order.remark — the same as
 * writing to a customer in WeChat, which is what it does; reading needs order.read.
 */
@ApiTags('store: payment requests (admin)')
@Controller('admin/v1/shops/:shopId/payment-requests')
export class PaymentRequestsAdminController {
  constructor(private readonly requests: StorePaymentRequests) {}

  @Post()
  @RequirePermissions('customer.read', 'order.remark')
  create(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Body() body: CreatePaymentRequestDto,
  ): Promise<PaymentRequestView> {
    return this.requests.create(ctx, shopId, body);
  }

  @Get()
  @RequirePermissions('order.read')
  list(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Query() query: PaymentRequestListQuery,
  ): Promise<Page<PaymentRequestView>> {
    return this.requests.list(ctx, shopId, query);
  }

  @Get(':id')
  @RequirePermissions('order.read')
  get(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('id') id: string,
  ): Promise<PaymentRequestView> {
    return this.requests.get(ctx, shopId, id);
  }

  /** Sends the link again (after `delivery: failed`, e.g. once the buyer wrote to the account again). */
  @Post(':id/resend')
  @HttpCode(200)
  @RequirePermissions('customer.read', 'order.remark')
  resend(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('id') id: string,
  ): Promise<PaymentRequestView> {
    return this.requests.resend(ctx, shopId, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermissions('customer.read', 'order.remark')
  cancel(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('id') id: string,
  ): Promise<PaymentRequestView> {
    return this.requests.cancel(ctx, shopId, id);
  }
}
