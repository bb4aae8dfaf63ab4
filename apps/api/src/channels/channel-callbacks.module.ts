import { Module } from '@nestjs/common';
import { WechatModule } from '@tongdao/channels';
import { StorefrontModule } from '@tongdao/storefront';
import { WechatCallbackController } from './wechat-callback.controller';
import { WechatPayNotifyController } from './wechatpay-notify.controller';
import { TrackerCallbackModule } from './tracker-callback.controller';

/** /channels/*: the platforms' push endpoints (public, signature-checked). */
@Module({
  imports: [WechatModule, TrackerCallbackModule, StorefrontModule],
  controllers: [WechatCallbackController, WechatPayNotifyController],
})
export class ChannelCallbacksModule {}
