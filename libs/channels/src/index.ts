export { ChannelsModule, channelsSchema } from './channels.module';
export { ChannelAccountsService } from './channel-accounts.service';
export { ChannelSecrets } from './secrets/secrets.provider';
export type {
  ChannelAccountView,
  ChannelAccountQuery,
  CreateChannelAccountInput,
} from './channel-accounts.service';
export { topSignature, topSignatureMatches } from './taobao/top-signature';
export type { TopSignMethod } from './taobao/top-signature';
export {
  WechatCryptoError,
  WechatMessageCipher,
  signaturesMatch,
  wechatSignature,
} from './wechat/wechat-crypto';
export { TaobaoModule } from './taobao/taobao.module';
export { TaobaoAccounts, TMC_DEFAULT_URL } from './taobao/taobao-accounts.service';
export type { ConnectTaobaoInput } from './taobao/taobao-accounts.service';
export { TaobaoSync, assertBackfill } from './taobao/taobao-sync.service';
export { TaobaoTrades } from './taobao/taobao-trades.service';
export type { SyncRunView, SyncStatusView } from './taobao/taobao-sync.service';
export { TaobaoSyncJobs, TAOBAO_SYNC_JOB } from './taobao/taobao-sync.jobs';
export { TopClient, TOP_DEFAULT_GATEWAY } from './taobao/top-client';
export { TopError } from './taobao/top-errors';
export { tradeToChannelOrder, TAOBAO_STATUS } from './taobao/trade-mapping';
export { TaobaoTmcConsumer } from './taobao/tmc/tmc-consumer';
export { WechatModule } from './wechat/wechat.module';
export { WechatAccounts, WECHAT_DEFAULT_API_BASE } from './wechat/wechat-accounts.service';
export type { ConnectWechatInput, WechatCredentials } from './wechat/wechat-accounts.service';
export * from './wechat/inbound';
export * from './wechat/outbound';
export * from './wechat/oauth';
export * from './wechatpay';
