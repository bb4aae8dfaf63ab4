import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@tongdao/kernel';
import {
  BuyerPaymentRequestView,
  BuyerPaymentRequests,
  BuyerSession,
  StoreOrderView,
} from '@tongdao/storefront';
import { Ctx } from '../../http/ctx.decorator';
import { BuyerAccess, CurrentBuyer } from '../buyer-access';
import { orderReceiver } from '../checkout/checkout.dto';
import { PaymentRequestCheckoutDto } from './engagement.dto';

/** The buyer opens the seller's payment link and turns it into an order (then pays it like any other). */
@ApiTags('store: payment requests')
@Controller('store/v1/shops/:shopId/payment-requests')
export class PaymentRequestsController {
  constructor(private readonly requests: BuyerPaymentRequests) {}

  /** Only the buyer it was made for sees it; anyone else gets 404. */
  @Get(':id')
  @BuyerAccess()
  get(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('id') id: string,
  ): Promise<BuyerPaymentRequestView> {
    return this.requests.get(buyer, id, ctx.requestId);
  }

  /** One order at the seller's prices; 409 payment_request_used the second time, 410 once expired. */
  @Post(':id/checkout')
  @BuyerAccess()
  checkout(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('id') id: string,
    @Body() body: PaymentRequestCheckoutDto,
  ): Promise<StoreOrderView> {
    return this.requests.checkout(
      buyer,
      id,
      {
        receiver: orderReceiver(body.receiver),
        buyerMessage: body.buyerMessage ?? null,
      },
      ctx.requestId,
    );
  }
}
