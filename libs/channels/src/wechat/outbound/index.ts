export { WechatApiError, STALE_TOKEN_CODES, OUTSIDE_SERVICE_WINDOW } from './wechat-api-error';
export {
  WechatAccessTokens,
  RedisWechatAccessTokens,
  MemoryWechatAccessTokens,
  wechatAccessTokensProvider,
} from './access-tokens';
export type { WechatApp } from './access-tokens';
export { WechatApiClient } from './wechat-api-client';
export type { WechatJson, WechatRequest } from './wechat-http';
export { WechatNotificationTemplates } from './notification-templates.service';
export type {
  NotificationTemplateInput,
  NotificationTemplatePatch,
  NotificationTemplateView,
} from './notification-templates.service';
export { TEMPLATE_EVENTS } from './outbound.entities';
export type { TemplateEvent, OutboundKind, OutboundStatus } from './outbound.entities';
export { TEMPLATE_VARIABLES, MAX_FIELDS, MAX_TEXT } from './template-syntax';
export { WechatCustomerMessages } from './customer-messages.service';
export type { OutboundMessageView } from './customer-messages.service';
export { WechatQrCodes, QR_SCENE_PATTERN, QR_MAX_EXPIRE_SECONDS } from './qr-codes.service';
export type { CreateQrCodeInput, QrCodeView } from './qr-codes.service';

export type { WechatTemplateFinishedPayload } from './template-finished.consumer';
export { WechatOutboundModule } from './wechat-outbound.module';
export { wechatOutboundEntities, wechatOutboundMigrations } from './outbound.schema';
