import { Module } from '@nestjs/common';
import { StorefrontModule } from '@tongdao/storefront';
import { StoreOrdersController } from './store-orders.controller';

@Module({ imports: [StorefrontModule], controllers: [StoreOrdersController] })
export class CheckoutStoreHttpModule {}
