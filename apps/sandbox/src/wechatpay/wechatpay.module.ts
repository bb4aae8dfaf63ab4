import { Module } from '@nestjs/common';
import { PayGateway } from './api/gateway';
import { Payments } from './api/payments';
import { V3Controller } from './api/v3.controller';
import { WechatpayControlController } from './control/control.controller';
import { Notifier } from './notify/notifier';
import { WechatpayStore } from './state/store';

/**
 * WeChat Pay API v3 as the platform: JSAPI prepay, query, close, refunds and the platform key list under /v3
 * (real host: api.mch.weixin.qq.com), signed and encrypted notifications to the merchant's notify_url, and the
 * sandbox's control API at /_sandbox/wechatpay. State is in memory, one store per app instance.
 */
@Module({
  controllers: [V3Controller, WechatpayControlController],
  providers: [WechatpayStore, PayGateway, Payments, Notifier],
})
export class WechatpaySandboxModule {}
