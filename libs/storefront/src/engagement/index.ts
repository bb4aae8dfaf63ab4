// Shares first: checkout imports this index, and the payment-request services import checkout back.
export { StoreShares } from './store-shares.service';
export type { ShareLinkView, PublicShareView, Referral } from './store-shares.service';
export { StoreShareStats } from './share-stats';
export type { ShareStatsView } from './share-stats';
export { SHARE_CODE_PATTERN } from './share-codes';
export {
  StorePaymentRequests,
  PAYMENT_REQUEST_EVENTS,
  DEFAULT_PAYMENT_REQUEST_HOURS,
} from './payment-requests.service';
export type { CreatePaymentRequestInput } from './payment-requests.service';
export { BuyerPaymentRequests } from './buyer-payment-requests.service';
export type { PaymentRequestCheckoutInput } from './buyer-payment-requests.service';
export { MAX_REQUEST_LINES, MAX_REQUEST_QUANTITY, MAX_UNIT_PRICE_FEN } from './payment-request.rules';
export type { PaymentRequestState, PaymentRequestDeliveryState } from './payment-request.entity';
export type {
  PaymentRequestView,
  BuyerPaymentRequestView,
  PaymentRequestLineView,
} from './payment-request.view';
