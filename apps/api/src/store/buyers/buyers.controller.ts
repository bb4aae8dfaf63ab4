import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@tongdao/kernel';
import { BuyerProfile, BuyerSession, BuyerSignIn, StoreBuyers } from '@tongdao/storefront';
import { Public } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { BuyerAccess, CurrentBuyer } from '../buyer-access';
import { WechatAuthorizeQuery, WechatSignInDto } from './buyers.dto';

/** Buyers of a shop's WeChat store signing in with WeChat OAuth (PROTOCOLS §1.9). */
@ApiTags('store: buyers')
@Controller('store/v1/shops/:shopId')
export class BuyersController {
  constructor(private readonly buyers: StoreBuyers) {}

  @Get('auth/wechat')
  @Public()
  authorizeUrl(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Query() query: WechatAuthorizeQuery,
  ): Promise<{ authorizeUrl: string }> {
    return this.buyers.authorizeUrl(shopId, query, ctx.requestId);
  }

  @Post('auth/wechat')
  @HttpCode(200)
  @Public()
  signIn(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Body() body: WechatSignInDto,
  ): Promise<BuyerSignIn> {
    return this.buyers.signIn(shopId, body.code, ctx.requestId);
  }

  @Get('me')
  @BuyerAccess()
  me(@CurrentBuyer() buyer: BuyerSession): Promise<BuyerProfile> {
    return this.buyers.profile(buyer);
  }

  @Post('auth/sign-out')
  @HttpCode(204)
  @BuyerAccess()
  async signOut(@CurrentBuyer() buyer: BuyerSession): Promise<void> {
    await this.buyers.signOut(buyer);
  }
}
