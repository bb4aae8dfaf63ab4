import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page, RequestContext } from '@tongdao/kernel';
import { EscrowEntryView, EscrowLedger, EscrowLedgerView } from '@tongdao/storefront';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { LedgerEntriesQuery, LedgerQuery } from './escrow.dto';

/**
 * The guarantee-transaction ledger (担保交易): funds held in escrow, released today and paid out at the next
 * Beijing midnight (T+1), and already paid out. Read-only; finance.read.
 */
@ApiTags('settlement')
@Controller('admin/v1/settlement')
export class SettlementLedgerController {
  constructor(private readonly ledger: EscrowLedger) {}

  @Get('ledger')
  @RequirePermissions('finance.read')
  summary(@Ctx() ctx: RequestContext, @Query() query: LedgerQuery): Promise<EscrowLedgerView> {
    return this.ledger.summary(ctx, { shopId: query.shopId });
  }

  /** One row per order, newest first. */
  @Get('entries')
  @RequirePermissions('finance.read')
  entries(@Ctx() ctx: RequestContext, @Query() query: LedgerEntriesQuery): Promise<Page<EscrowEntryView>> {
    return this.ledger.entries(ctx, { shopId: query.shopId, state: query.state }, query);
  }
}
