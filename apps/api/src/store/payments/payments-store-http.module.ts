import { Module } from '@nestjs/common';
import { StorefrontModule } from '@tongdao/storefront';
import { StorePaymentsController } from './store-payments.controller';
import { WechatPayMerchantController } from './wechatpay-merchant.controller';

/** WeChat Pay for the shop: the buyer's payment and the merchant account's credentials. */
@Module({ imports: [StorefrontModule], controllers: [StorePaymentsController, WechatPayMerchantController] })
export class PaymentsStoreHttpModule {}
