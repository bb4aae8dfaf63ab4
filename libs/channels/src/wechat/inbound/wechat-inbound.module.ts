import { Module } from '@nestjs/common';
import { CatalogModule } from '@tongdao/catalog';
import { CrmModule } from '@tongdao/crm';
import { WechatAccounts } from '../wechat-accounts.service';
import { WechatCallbackAccounts } from './callback-accounts';
import { WechatFollowers } from './followers';
import { WechatInboundProcessor } from './inbound-processor';
import { WechatInboundReads } from './inbound-reads.service';
import { WechatProductReply } from './product-reply';
import { WechatReplyRules } from './reply-rules.service';
import { WechatCallbacks } from './wechat-callback.service';

/** Inbound WeChat: callbacks, their processing, followers, keyword replies and the admin reads over them. */
@Module({
  imports: [CatalogModule, CrmModule],
  providers: [
    WechatAccounts,
    WechatCallbackAccounts,
    WechatCallbacks,
    WechatReplyRules,
    WechatProductReply,
    WechatFollowers,
    WechatInboundProcessor,
    WechatInboundReads,
  ],
  exports: [WechatCallbacks, WechatReplyRules, WechatInboundReads],
})
export class WechatInboundModule {}
