import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@tongdao/kernel';
import { Carrier, OrderTrackingView, TrackingReads } from '@tongdao/logistics';
import { Authenticated, RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';

/** Carriers and parcel tracking for the back office. */
@ApiTags('logistics')
@Controller('admin/v1')
export class LogisticsController {
  constructor(private readonly reads: TrackingReads) {}

  @Get('logistics/carriers')
  @Authenticated()
  @ApiOkResponse({
    description: 'our carrier codes with Taobao logistics company codes and the tracker `com` codes',
  })
  carriers(): Carrier[] {
    return this.reads.carriers();
  }

  /** Same reach as the order itself: an order outside the actor's tier is 404. */
  @Get('orders/:orderId/tracking')
  @RequirePermissions('order.read')
  @ApiOkResponse({
    description:
      "the order's parcels with tracking state (pending, in_transit, out_for_delivery, delivered, exception, " +
      'returned), subscription status and the event timeline, newest first',
  })
  tracking(@Ctx() ctx: RequestContext, @Param('orderId') orderId: string): Promise<OrderTrackingView> {
    return this.reads.forOrder(ctx, orderId);
  }
}
