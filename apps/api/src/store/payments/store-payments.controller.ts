import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { BuyerSession, StorePaymentView, StorePayments } from '@tongdao/storefront';
import { Ctx } from '../../http/ctx.decorator';
import { BuyerAccess, CurrentBuyer } from '../buyer-access';

/** Paying an order in the WeChat shop with WeChat Pay (JSAPI, inside WeChat's browser). */
@ApiTags('store: payments')
@Controller('store/v1/shops/:shopId/orders/:orderId/payment')
export class StorePaymentsController {
  constructor(private readonly payments: StorePayments) {}

  /** The page's `getBrandWCPayRequest` parameters; asking again gives the same prepay, freshly signed. */
  @Post()
  @HttpCode(200)
  @BuyerAccess()
  @ApiOkResponse({ description: '{appId, timeStamp, nonceStr, package, signType, paySign, prepayId, …}' })
  @ApiConflictResponse({ description: 'order_not_payable, payment_window_closed, wechatpay_not_configured' })
  @ApiServiceUnavailableResponse({ description: 'payment_provider_unavailable: nothing was stored; retry' })
  create(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('orderId') orderId: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<StorePaymentView> {
    // Everything comes from the order; a field sent here would be silently ignored, so it is refused.
    const sent = Object.keys(body ?? {});
    if (sent.length > 0) {
      throw new ValidationFailedError(
        'validation_failed',
        'This request takes no body',
        sent.map((field) => ({ field, problem: 'unknown field' })),
      );
    }
    return this.payments.create(buyer, orderId, ctx.requestId);
  }
}
