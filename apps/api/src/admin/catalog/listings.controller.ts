import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ListingUpsertResult, ListingView, ListingsService } from '@tongdao/catalog';
import { Page, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { ListingListQuery, MapListingDto, UpsertListingsDto } from './catalog.dto';

/** Channel listings and their mapping to merchant SKUs; `state=unmapped` is the staff's to-do list. */
@ApiTags('catalog')
@Controller('admin/v1/listings')
export class ListingsController {
  constructor(private readonly listings: ListingsService) {}

  @Get()
  @RequirePermissions('catalog.read')
  list(@Ctx() ctx: RequestContext, @Query() query: ListingListQuery): Promise<Page<ListingView>> {
    return this.listings.list(ctx, query);
  }

  @Get(':id')
  @RequirePermissions('catalog.read')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ListingView> {
    return this.listings.get(ctx, id);
  }

  @Post(':id/map')
  @HttpCode(200)
  @RequirePermissions('catalog.manage')
  map(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: MapListingDto,
  ): Promise<ListingView> {
    return this.listings.map(ctx, id, body.skuId);
  }

  @Post(':id/unmap')
  @HttpCode(200)
  @RequirePermissions('catalog.manage')
  unmap(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ListingView> {
    return this.listings.unmap(ctx, id);
  }
}

/** Staff (and tests) report a channel's listings by hand; channel adapters call the same service. */
@ApiTags('catalog')
@Controller('admin/v1/channel-accounts')
export class ChannelListingsController {
  constructor(private readonly listings: ListingsService) {}

  @Post(':id/listings')
  @HttpCode(200)
  @RequirePermissions('catalog.manage')
  upsert(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: UpsertListingsDto,
  ): Promise<{ items: ListingUpsertResult[] }> {
    return this.listings.upsertListings(ctx, id, body.items).then((items) => ({ items }));
  }
}
