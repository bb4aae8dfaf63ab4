import { Controller, HttpCode, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@tongdao/kernel';
import { NotifyAnswer, PaymentNotifications } from '@tongdao/storefront';
import { Public } from '../http/access.decorators';

/**
 * The notify_url of every WeChat Pay transaction and refund of the WeChat shop. Public: WeChat Pay proves itself
 * with the signature, checked over the raw body bytes (kept as text for this route by bootstrap) before
 * anything else. Answers in WeChat Pay's own shape: 200 empty, or 4xx/5xx `{"code":"FAIL","message":…}`.
 */
@ApiExcludeController()
@Controller('channels/wechatpay')
export class WechatPayNotifyController {
  private readonly logger = new Logger(WechatPayNotifyController.name);

  constructor(private readonly notifications: PaymentNotifications) {}

  @Post(':channelAccountId/notify')
  @Public()
  @HttpCode(200)
  async notify(
    @Param('channelAccountId') channelAccountId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const body: unknown = req.body;
    let answer: NotifyAnswer;
    try {
      answer = await this.notifications.receive(
        channelAccountId,
        req.headers,
        typeof body === 'string' ? body : '',
      );
    } catch (error) {
      // Not handled: WeChat Pay retries on its schedule, and the stored notification lets the retry finish it.
      this.logger.error({ channelAccountId, err: String(error) }, 'WeChat Pay notification not handled');
      const status = error instanceof DomainError && error.status < 500 ? error.status : 500;
      answer = { status, body: { code: 'FAIL', message: 'not handled; retry later' } };
    }
    if (answer.body) res.status(answer.status).json(answer.body);
    else res.status(answer.status).end();
  }
}
