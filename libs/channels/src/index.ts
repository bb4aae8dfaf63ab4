export { ChannelsModule, channelsSchema } from './channels.module';
export { ChannelAccountsService } from './channel-accounts.service';
export type {
  ChannelAccountView,
  ChannelAccountQuery,
  CreateChannelAccountInput,
} from './channel-accounts.service';
export { topSignature, topSignatureMatches } from './taobao/top-signature';
export type { TopSignMethod } from './taobao/top-signature';
export { WechatCryptoError, WechatMessageCipher, signaturesMatch, wechatSignature } from './wechat/wechat-crypto';
