export { ChannelsModule, channelsSchema } from './channels.module';
export { ChannelAccountsService } from './channel-accounts.service';
export type {
  ChannelAccountView,
  ChannelAccountQuery,
  CreateChannelAccountInput,
} from './channel-accounts.service';
