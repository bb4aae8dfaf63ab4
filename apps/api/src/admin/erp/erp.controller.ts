import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ConnectionTestResult,
  ErpAdmin,
  ErpConnectionView,
  OrderLinkView,
  SyncLogView,
  SyncRunSummary,
} from '@tongdao/erp';
import { Page, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { ErpDeadLetterQueryDto, PutErpConnectionDto, SyncLogQueryDto } from './erp.dto';

/** The merchant's ERP link. Connecting an ERP is connecting a channel: everything needs channel.manage. */
@ApiTags('erp')
@Controller('admin/v1/erp')
@RequirePermissions('channel.manage')
export class ErpController {
  constructor(private readonly erp: ErpAdmin) {}

  @Put('connection')
  @ApiOkResponse({ description: 'the connection, credentials left out' })
  put(@Ctx() ctx: RequestContext, @Body() body: PutErpConnectionDto): Promise<ErpConnectionView> {
    return this.erp.putConnection(ctx, {
      kind: body.kind,
      baseUrl: body.baseUrl,
      appKey: body.appKey,
      appSecret: body.appSecret,
      accessToken: body.accessToken,
      refreshToken: body.refreshToken ?? null,
      shops: body.shops.map((s) => ({ shopId: s.shopId, erpShopId: s.erpShopId })),
      erpWarehouseId: body.erpWarehouseId ?? null,
      warehouseId: body.warehouseId ?? null,
      stockSource: body.stockSource,
    });
  }

  @Get('connection')
  get(@Ctx() ctx: RequestContext): Promise<ErpConnectionView> {
    return this.erp.getConnection(ctx);
  }

  /** One signed call with the stored credentials; `ok: false` carries the ERP's code and message. */
  @Post('connection/test')
  @HttpCode(200)
  test(@Ctx() ctx: RequestContext): Promise<ConnectionTestResult> {
    return this.erp.testConnection(ctx);
  }

  @Get('sync-log')
  @ApiOkResponse({ description: 'newest first; filter by orderId, skuId or kind; `nextCursor` pages on' })
  syncLog(@Ctx() ctx: RequestContext, @Query() query: SyncLogQueryDto): Promise<Page<SyncLogView>> {
    return this.erp.syncLog(ctx, query);
  }

  /** Orders that did not reach the ERP: retries used up (dead) or refused by the ERP (rejected). */
  @Get('dead-letters')
  deadLetters(
    @Ctx() ctx: RequestContext,
    @Query() query: ErpDeadLetterQueryDto,
  ): Promise<Page<OrderLinkView>> {
    return this.erp.deadLetters(ctx, query);
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(200)
  replay(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrderLinkView> {
    return this.erp.replay(ctx, id);
  }

  /** Pulls shipments and (when the ERP keeps the stock) stock now, and says what changed. */
  @Post('sync')
  @HttpCode(200)
  sync(@Ctx() ctx: RequestContext): Promise<SyncRunSummary> {
    return this.erp.syncNow(ctx);
  }
}
