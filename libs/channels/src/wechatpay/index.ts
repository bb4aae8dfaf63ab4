export { WechatPayClient, WECHATPAY_DEFAULT_BASE_URL, rfc3339China } from './wechatpay-client';
export type {
  WechatPayClientOptions,
  JsapiPrepayInput,
  JsapiPayParams,
  RefundInput,
} from './wechatpay-client';
export { WechatPayError } from './wechatpay-errors';
export type { WechatPayRefusal, WechatPayRefusalReason } from './wechatpay-errors';
export type { WechatPayTransaction, WechatPayRefund } from './wechatpay-models';
export { parsePaymentNotification, parseRefundNotification } from './wechatpay-notifications';
export type {
  NotificationHeaders,
  NotificationResult,
  PaymentNotification,
  RefundNotification,
  WechatPayNotificationKeys,
} from './wechatpay-notifications';
export {
  authorizationHeader,
  decryptResource,
  newNonce,
  platformMessage,
  requestMessage,
  rsaSign,
  rsaVerify,
  sameSerial,
  timestampIsFresh,
  verifyPlatformSignature,
  WechatPayDecryptError,
  WECHATPAY_CLOCK_SKEW_SECONDS,
} from './wechatpay-signing';
export type { EncryptedResource, PlatformSignatureHeaders, RequestToSign } from './wechatpay-signing';
