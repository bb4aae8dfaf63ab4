import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@tongdao/kernel';
import { BuyerSession, PublicShareView, ShareLinkView, StoreShares } from '@tongdao/storefront';
import { Public } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { BuyerAccess, CurrentBuyer } from '../buyer-access';
import { CreateShareDto } from './engagement.dto';

/** Share links: a signed-in buyer makes one; anyone can open one; its code rides along to checkout. */
@ApiTags('store: shares')
@Controller('store/v1/shops/:shopId/shares')
export class SharesController {
  constructor(private readonly shares: StoreShares) {}

  /** The same buyer sharing the same target again gets the same code. */
  @Post()
  @BuyerAccess()
  share(
    @Ctx() ctx: RequestContext,
    @CurrentBuyer() buyer: BuyerSession,
    @Body() body: CreateShareDto,
  ): Promise<ShareLinkView> {
    return this.shares.shareAsBuyer(buyer, body.productId ?? null, ctx.requestId);
  }

  @Get(':code')
  @Public()
  open(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('code') code: string,
  ): Promise<PublicShareView> {
    return this.shares.open(shopId, code, ctx.requestId);
  }
}
