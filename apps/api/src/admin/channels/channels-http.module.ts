import { Module } from '@nestjs/common';
import { ChannelsModule, TaobaoModule } from '@tongdao/channels';
import { ChannelAccountsController } from './channel-accounts.controller';

@Module({ imports: [ChannelsModule, TaobaoModule], controllers: [ChannelAccountsController] })
export class ChannelsHttpModule {}
