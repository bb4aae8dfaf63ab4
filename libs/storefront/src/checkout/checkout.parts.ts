import type { AreaParts } from '../area-parts';
import { StoreCheckoutSchema1763900010200 } from './checkout.migration';
import { StoreCheckout } from './store-checkout.service';
import { StoreOrderRow } from './store-order.entity';
import { StoreOrders } from './store-orders.service';

export const CHECKOUT_PARTS: AreaParts = {
  entities: [StoreOrderRow],
  migrations: [StoreCheckoutSchema1763900010200],
  providers: [StoreCheckout, StoreOrders],
  exports: [StoreCheckout, StoreOrders],
};
