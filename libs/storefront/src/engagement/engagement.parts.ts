import type { AreaParts } from '../area-parts';
import { BuyerPaymentRequests } from './buyer-payment-requests.service';
import { StoreEngagementSchema1763900010400 } from './engagement.migration';
import { PaymentRequestDelivery } from './payment-request-delivery';
import { PaymentRequestEvents } from './payment-request-events';
import { PaymentRequestRow } from './payment-request.entity';
import { StorePaymentRequests } from './payment-requests.service';
import { ShareRow } from './share.entity';
import { StoreShareStats } from './share-stats';
import { StoreShares } from './store-shares.service';

export const ENGAGEMENT_PARTS: AreaParts = {
  entities: [PaymentRequestRow, ShareRow],
  migrations: [StoreEngagementSchema1763900010400],
  providers: [
    PaymentRequestDelivery,
    PaymentRequestEvents,
    StorePaymentRequests,
    BuyerPaymentRequests,
    StoreShares,
    StoreShareStats,
  ],
  exports: [StorePaymentRequests, BuyerPaymentRequests, StoreShares, StoreShareStats],
};
