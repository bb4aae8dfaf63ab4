import { Module } from '@nestjs/common';
import { WechatModule } from '@tongdao/channels';
import { WechatCallbackController } from './wechat-callback.controller';

/** /channels/*: the platforms' push endpoints (public, signature-checked). */
@Module({ imports: [WechatModule], controllers: [WechatCallbackController] })
export class ChannelCallbacksModule {}
