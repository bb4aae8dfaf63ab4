import { Module } from '@nestjs/common';
import { ChannelsModule } from '@tongdao/channels';
import { ChannelAccountsController } from './channel-accounts.controller';

@Module({ imports: [ChannelsModule], controllers: [ChannelAccountsController] })
export class ChannelsHttpModule {}
