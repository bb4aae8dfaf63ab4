import { Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { PublishedProductView, ShelfPublishing } from '@tongdao/storefront';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';

/** Staff put products on a shop's WeChat store (as listings on the shop's official account) and take them off. */
@ApiTags('store: shelf (admin)')
@Controller('admin/v1/shops/:shopId/store/products')
export class ShelfAdminController {
  constructor(private readonly publishing: ShelfPublishing) {}

  @Get()
  @RequirePermissions('catalog.read')
  list(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Query() query: PageQuery,
  ): Promise<Page<PublishedProductView>> {
    return this.publishing.list(ctx, shopId, query);
  }

  @Put(':productId')
  @RequirePermissions('catalog.manage')
  publish(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('productId') productId: string,
  ): Promise<PublishedProductView> {
    return this.publishing.publish(ctx, shopId, productId);
  }

  @Delete(':productId')
  @HttpCode(204)
  @RequirePermissions('catalog.manage')
  async unpublish(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('productId') productId: string,
  ): Promise<void> {
    await this.publishing.unpublish(ctx, shopId, productId);
  }
}
