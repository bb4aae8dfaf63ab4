import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { WechatCallbacks, callbackQuery } from '@tongdao/channels';
import { Public } from '../http/access.decorators';

/**
 * The URL a merchant enters in the official account's server settings. Public: WeChat proves itself with
 * the signatures, which the service checks before anything is read or stored.
 */
@ApiExcludeController()
@Controller('channels/wechat')
export class WechatCallbackController {
  constructor(private readonly callbacks: WechatCallbacks) {}

  @Get(':channelAccountId')
  @Public()
  async verify(
    @Param('channelAccountId') accountId: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const echostr = await this.callbacks.verifyUrl(accountId, callbackQuery(query));
    res.type('text/plain');
    return echostr;
  }

  @Post(':channelAccountId')
  @Public()
  @HttpCode(200)
  async receive(
    @Param('channelAccountId') accountId: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const body: unknown = req.body;
    const answer = await this.callbacks.receive(
      accountId,
      callbackQuery(query),
      typeof body === 'string' ? body : '',
    );
    res.type(answer.contentType);
    return answer.body;
  }
}
