import { Module } from '@nestjs/common';
import { ChannelsModule, TaobaoModule, WechatModule } from '@tongdao/channels';
import { WechatOutboundHttpModule } from '../wechat/outbound/wechat-outbound-http.module';
import { ChannelAccountsController } from './channel-accounts.controller';

@Module({
  imports: [ChannelsModule, TaobaoModule, WechatModule, WechatOutboundHttpModule],
  controllers: [ChannelAccountsController],
})
export class ChannelsHttpModule {}
