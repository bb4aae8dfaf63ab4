import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ConsistencyReport,
  LedgerEntryView,
  LevelView,
  SkuStockView,
  StockQueries,
  StockService,
} from '@tongdao/inventory';
import { Page, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { LedgerQueryDto, SafetyStockDto, StockAdjustmentDto } from './inventory.dto';

/** The stock pool of a SKU, its manual adjustments, and the ledger that proves every figure. */
@ApiTags('inventory')
@Controller('admin/v1')
export class StockController {
  constructor(
    private readonly stock: StockService,
    private readonly queries: StockQueries,
  ) {}

  @Get('skus/:id/stock')
  @RequirePermissions('stock.read')
  @ApiOkResponse({
    description: '{skuId, levels[], totals, channels[{channelAccountId, listingId, publishable, rule}]}',
  })
  @ApiNotFoundResponse({ description: 'unknown SKU (or another merchant’s)' })
  skuStock(@Ctx() ctx: RequestContext, @Param('id') skuId: string): Promise<SkuStockView> {
    return this.queries.skuStock(ctx, skuId);
  }

  @Post('skus/:id/stock/adjustments')
  @RequirePermissions('stock.adjust')
  @ApiCreatedResponse({ description: 'the adjusted level' })
  @ApiConflictResponse({ description: 'negative_on_hand: the change would take on hand below zero' })
  async adjust(
    @Ctx() ctx: RequestContext,
    @Param('id') skuId: string,
    @Body() body: StockAdjustmentDto,
  ): Promise<LevelView & { skuId: string }> {
    const level = await this.stock.adjust(ctx, { skuId, ...body });
    return { skuId, ...level };
  }

  @Post('skus/:id/stock/safety-stock')
  @RequirePermissions('stock.adjust')
  @ApiCreatedResponse({ description: 'the level with its new safety stock' })
  async setSafetyStock(
    @Ctx() ctx: RequestContext,
    @Param('id') skuId: string,
    @Body() body: SafetyStockDto,
  ): Promise<LevelView & { skuId: string }> {
    const level = await this.stock.setSafetyStock(ctx, { skuId, ...body });
    return { skuId, ...level };
  }

  @Get('stock/ledger')
  @RequirePermissions('stock.read')
  @ApiOkResponse({ description: 'newest first; `nextCursor` pages on' })
  ledger(@Ctx() ctx: RequestContext, @Query() query: LedgerQueryDto): Promise<Page<LedgerEntryView>> {
    return this.queries.ledger(ctx, query);
  }

  @Get('stock/consistency')
  @RequirePermissions('stock.read')
  @ApiOkResponse({
    description: '{ok, checkedSkus, checkedLevels, mismatches[]}: the ledger summed against every level',
  })
  consistency(@Ctx() ctx: RequestContext): Promise<ConsistencyReport> {
    return this.queries.checkConsistency(ctx);
  }
}
