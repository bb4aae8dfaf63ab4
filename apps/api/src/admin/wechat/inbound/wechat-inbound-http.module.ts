import { Module } from '@nestjs/common';
import { WechatModule } from '@tongdao/channels';
import { WechatReplyRulesController } from './reply-rules.controller';
import { WechatInboundReadsController } from './wechat-inbound-reads.controller';

@Module({ imports: [WechatModule], controllers: [WechatReplyRulesController, WechatInboundReadsController] })
export class WechatInboundHttpModule {}
