import { Module, Provider } from '@nestjs/common';
import { CrmModule } from '@tongdao/crm';
import { IdentityModule } from '@tongdao/identity';
import { OrdersModule } from '@tongdao/orders';
import { WechatAccounts } from '../wechat-accounts.service';
import { wechatAccessTokensProvider, WechatAccessTokens } from './access-tokens';
import { WechatCustomerMessages } from './customer-messages.service';
import { WechatNotificationTemplates } from './notification-templates.service';
import { WechatOutboundLog } from './outbound-log';
import { WechatQrCodes } from './qr-codes.service';
import { WechatTemplateFinishedConsumer } from './template-finished.consumer';
import { WechatTemplateNotifier } from './template-notifier';
import { WechatApiClient } from './wechat-api-client';
import { WechatRecipients } from './wechat-recipients';

const providers: Provider[] = [
  WechatAccounts,
  wechatAccessTokensProvider,
  WechatApiClient,
  WechatOutboundLog,
  WechatRecipients,
  WechatNotificationTemplates,
  WechatTemplateNotifier,
  WechatTemplateFinishedConsumer,
  WechatCustomerMessages,
  WechatQrCodes,
];

const exported = [
  WechatAccessTokens,
  WechatApiClient,
  WechatNotificationTemplates,
  WechatCustomerMessages,
  WechatQrCodes,
];

/** Outbound WeChat: API client and shared token, template notifications, service messages, QR codes. */
@Module({ imports: [CrmModule, IdentityModule, OrdersModule], providers, exports: exported })
export class WechatOutboundModule {}
