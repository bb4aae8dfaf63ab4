export { WechatPayMerchants } from './wechatpay-merchants.service';
export type { WechatPayMerchantInput, WechatPayMerchantView } from './wechatpay-merchants.service';
export { StorePayments } from './store-payments.service';
export type { StorePaymentView } from './store-payments.service';
export { PaymentNotifications } from './payment-notifications.service';
export type { NotifyAnswer } from './payment-notifications.service';
export { PaymentRefunds, wholeRefundNo } from './payment-refunds.service';
export { PaymentExpirySweep, PAYMENT_EXPIRY_SWEEP_JOB, PAYMENT_GRACE_MS } from './payment-expiry-sweep';
export type { SweepResult } from './payment-expiry-sweep';
export { PAYMENT_EVENTS } from './payment-events';
export type { PaymentMismatchPayload, PaymentRefundPayload } from './payment-events';
export {
  STORE_PAYMENT_STATES,
  STORE_REFUND_STATES,
  StorePaymentNotificationRow,
  StorePaymentRefundRow,
  StorePaymentRow,
} from './payment.entities';
export type { StorePaymentState, StoreRefundState } from './payment.entities';
export { WechatPayMerchantRow } from './wechatpay-merchant.entity';
