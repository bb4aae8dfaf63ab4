export { StoreCheckout } from './store-checkout.service';
export type { CheckoutInput, CheckoutLine } from './store-checkout.service';
export { StoreOrders } from './store-orders.service';
export type { PaymentFacts, RefundRequestInput, StoreOrderQuery } from './store-orders.service';
export { StoreOrderRow } from './store-order.entity';
export type { StoreOrderView } from './store-order.view';
