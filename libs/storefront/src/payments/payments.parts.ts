import type { AreaParts } from '../area-parts';
import { PaymentClosing } from './payment-closing';
import { PaymentExpirySweep } from './payment-expiry-sweep';
import { PaymentLedger } from './payment-ledger';
import { PaymentNotifications } from './payment-notifications.service';
import { PaymentRefundConsumers } from './payment-refund.consumers';
import { PaymentRefunds } from './payment-refunds.service';
import { PaymentTaking } from './payment-taking';
import { StorePaymentNotificationRow, StorePaymentRefundRow, StorePaymentRow } from './payment.entities';
import { StorePaymentsSchema1763900010300 } from './payments.migration';
import { StorePayments } from './store-payments.service';
import { WechatPayClients } from './wechatpay-clients';
import { WechatPayMerchantRow } from './wechatpay-merchant.entity';
import { WechatPayMerchants } from './wechatpay-merchants.service';

export const PAYMENTS_PARTS: AreaParts = {
  entities: [WechatPayMerchantRow, StorePaymentRow, StorePaymentNotificationRow, StorePaymentRefundRow],
  migrations: [StorePaymentsSchema1763900010300],
  providers: [
    WechatPayMerchants,
    WechatPayClients,
    StorePayments,
    PaymentLedger,
    PaymentRefunds,
    PaymentTaking,
    PaymentNotifications,
    PaymentRefundConsumers,
    PaymentClosing,
    PaymentExpirySweep,
  ],
  exports: [WechatPayMerchants, StorePayments, PaymentNotifications, PaymentRefunds, PaymentExpirySweep],
};
