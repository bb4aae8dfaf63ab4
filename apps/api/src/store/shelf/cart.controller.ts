import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@tongdao/kernel';
import { BuyerSession, CartView, StoreCart } from '@tongdao/storefront';
import { Ctx } from '../../http/ctx.decorator';
import { BuyerAccess, CurrentBuyer } from '../buyer-access';
import { CartQuantityDto } from './shelf.dto';

/** The signed-in buyer's cart in this shop, priced at today's shelf prices whenever it is read. */
@ApiTags('store: cart')
@Controller('store/v1/shops/:shopId/cart')
export class CartController {
  constructor(private readonly cart: StoreCart) {}

  @Get()
  @BuyerAccess()
  view(@Ctx() ctx: RequestContext, @CurrentBuyer() buyer: BuyerSession): Promise<CartView> {
    return this.cart.view(buyer, ctx.requestId);
  }

  @Put('items/:skuId')
  @BuyerAccess()
  setQuantity(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('skuId') skuId: string,
    @Body() body: CartQuantityDto,
  ): Promise<CartView> {
    return this.cart.setQuantity(buyer, skuId, body.quantity, ctx.requestId);
  }

  @Delete('items/:skuId')
  @BuyerAccess()
  remove(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Param('skuId') skuId: string,
  ): Promise<CartView> {
    return this.cart.remove(buyer, skuId, ctx.requestId);
  }

  @Delete()
  @BuyerAccess()
  async clear(@Ctx() ctx: RequestContext, @CurrentBuyer() buyer: BuyerSession): Promise<CartView> {
    await this.cart.clear(buyer);
    return this.cart.view(buyer, ctx.requestId);
  }
}
