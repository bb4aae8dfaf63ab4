import { Module } from '@nestjs/common';
import { WechatAccounts } from './wechat-accounts.service';

/** The WeChat official-account driver: connection and credentials (callbacks, API client and notifications build on it). */
@Module({
  providers: [WechatAccounts],
  exports: [WechatAccounts],
})
export class WechatModule {}
