import { Module } from '@nestjs/common';
import { ChannelsModule, TaobaoModule, WechatModule } from '@tongdao/channels';
import { ChannelAccountsController } from './channel-accounts.controller';

@Module({ imports: [ChannelsModule, TaobaoModule, WechatModule], controllers: [ChannelAccountsController] })
export class ChannelsHttpModule {}
