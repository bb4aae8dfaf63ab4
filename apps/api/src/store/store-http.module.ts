import { Module } from '@nestjs/common';
import { BuyersStoreHttpModule } from './buyers/buyers-store-http.module';
import { CheckoutStoreHttpModule } from './checkout/checkout-store-http.module';
import { EngagementStoreHttpModule } from './engagement/engagement-store-http.module';
import { EscrowStoreHttpModule } from './escrow/escrow-store-http.module';
import { PaymentsStoreHttpModule } from './payments/payments-store-http.module';
import { ShelfStoreHttpModule } from './shelf/shelf-store-http.module';

/** /store/v1: the WeChat H5 shop's buyers, one folder per storefront area. */
@Module({
  imports: [
    BuyersStoreHttpModule,
    ShelfStoreHttpModule,
    CheckoutStoreHttpModule,
    PaymentsStoreHttpModule,
    EngagementStoreHttpModule,
    EscrowStoreHttpModule,
  ],
})
export class StoreHttpModule {}
