import { Module } from '@nestjs/common';
import { StorefrontModule } from '@tongdao/storefront';
import { CartController } from './cart.controller';
import { ShelfAdminController } from './shelf-admin.controller';
import { ShelfController } from './shelf.controller';

/** /store/v1 shelf and cart, and the /admin/v1 routes that publish products to a shop's WeChat store. */
@Module({ imports: [StorefrontModule], controllers: [ShelfController, CartController, ShelfAdminController] })
export class ShelfStoreHttpModule {}
