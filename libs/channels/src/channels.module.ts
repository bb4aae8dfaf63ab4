import { Global, Module } from '@nestjs/common';
import { ChannelAccountDirectory } from '@tongdao/catalog';
import { IdentityModule } from '@tongdao/identity';
import { SchemaContribution } from '@tongdao/persistence';
import { ChannelAccount } from './channel-account.entity';
import { ChannelAccountDirectoryImpl } from './channel-account-directory';
import { ChannelAccountsService } from './channel-accounts.service';
import { ChannelsSchema1763900003000 } from './channels.migration';
import { ChannelSecrets } from './secrets/secrets.provider';
import { ChannelSyncLogRow, ChannelSyncState } from './sync/sync.entities';
import { ChannelSyncSchema1763900008000 } from './sync/sync.migration';
import {
  WechatCustomerEventRow,
  WechatFollowerRow,
  WechatInboundMessageRow,
  WechatInboundSchema1763900009000,
  WechatReplyRuleRow,
} from './wechat/inbound';
import { wechatOutboundEntities, wechatOutboundMigrations } from './wechat/outbound/outbound.schema';

export const channelsSchema: SchemaContribution = {
  entities: [
    ChannelAccount,
    ChannelSyncState,
    ChannelSyncLogRow,
    WechatInboundMessageRow,
    WechatFollowerRow,
    WechatCustomerEventRow,
    WechatReplyRuleRow,
    ...wechatOutboundEntities,
  ],
  migrations: [
    ChannelsSchema1763900003000,
    ChannelSyncSchema1763900008000,
    WechatInboundSchema1763900009000,
    ...wechatOutboundMigrations,
  ],
};

/**
 * Channel accounts, and the implementations of the core's ports about channels. Global so the core's
 * modules receive ChannelAccountDirectory without importing this lib (dependencies point inward).
 */
@Global()
@Module({
  imports: [IdentityModule],
  providers: [
    ChannelSecrets,
    ChannelAccountsService,
    ChannelAccountDirectoryImpl,
    { provide: ChannelAccountDirectory, useExisting: ChannelAccountDirectoryImpl },
  ],
  exports: [ChannelAccountsService, ChannelAccountDirectory, ChannelSecrets],
})
export class ChannelsModule {}
