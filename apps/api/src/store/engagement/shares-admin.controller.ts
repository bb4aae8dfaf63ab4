import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { ShareLinkView, ShareStatsView, StoreShareStats, StoreShares } from '@tongdao/storefront';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { CreateShareDto } from './engagement.dto';

/** A shop's share links and what each referred (orders, paid orders, paid amount); marketing.manage. */
@ApiTags('store: shares (admin)')
@Controller('admin/v1/shops/:shopId/shares')
export class SharesAdminController {
  constructor(
    private readonly shares: StoreShares,
    private readonly stats: StoreShareStats,
  ) {}

  @Get()
  @RequirePermissions('marketing.manage')
  list(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Query() query: PageQuery,
  ): Promise<Page<ShareStatsView>> {
    return this.stats.list(ctx, shopId, query);
  }

  /** A staff member's own link (posters, the official account's menu); one per staff member and target. */
  @Post()
  @RequirePermissions('marketing.manage')
  share(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Body() body: CreateShareDto,
  ): Promise<ShareLinkView> {
    return this.shares.shareAsStaff(ctx, shopId, body.productId ?? null);
  }
}
