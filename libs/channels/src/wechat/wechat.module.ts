import { Module } from '@nestjs/common';
import { WechatAccounts } from './wechat-accounts.service';
import { WechatInboundModule } from './inbound/wechat-inbound.module';
import { WechatOutboundModule } from './outbound/wechat-outbound.module';
import { WechatOAuth } from './oauth/wechat-oauth';

/** The WeChat official-account driver: connection and credentials (callbacks, API client and notifications build on it). */
@Module({
  imports: [WechatInboundModule, WechatOutboundModule],
  providers: [WechatAccounts, WechatOAuth],
  exports: [WechatInboundModule, WechatOutboundModule, WechatAccounts, WechatOAuth],
})
export class WechatModule {}
