import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Reservation, StockQueries } from '@tongdao/inventory';
import { Page, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { ReservationQueryDto } from './inventory.dto';

/** Reservations are made by other contexts (orders); staff look at them here. */
@ApiTags('inventory')
@Controller('admin/v1/reservations')
@RequirePermissions('stock.read')
export class ReservationsController {
  constructor(private readonly queries: StockQueries) {}

  @Get()
  @ApiOkResponse({ description: 'newest first; `nextCursor` pages on' })
  list(@Ctx() ctx: RequestContext, @Query() query: ReservationQueryDto): Promise<Page<Reservation>> {
    return this.queries.listReservations(ctx, query);
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<Reservation> {
    return this.queries.getReservation(ctx, id);
  }
}
