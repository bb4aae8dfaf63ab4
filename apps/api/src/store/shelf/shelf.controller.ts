import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { ShelfCatalog, ShelfProductView } from '@tongdao/storefront';
import { Public } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';

/** What a shop's WeChat store sells: public, no sign-in needed to browse. */
@ApiTags('store: shelf')
@Controller('store/v1/shops/:shopId/products')
export class ShelfController {
  constructor(private readonly catalog: ShelfCatalog) {}

  @Get()
  @Public()
  list(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Query() query: PageQuery,
  ): Promise<Page<ShelfProductView>> {
    return this.catalog.browse(shopId, query, ctx.requestId);
  }

  @Get(':productId')
  @Public()
  get(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('productId') productId: string,
  ): Promise<ShelfProductView> {
    return this.catalog.product(shopId, productId, ctx.requestId);
  }
}
