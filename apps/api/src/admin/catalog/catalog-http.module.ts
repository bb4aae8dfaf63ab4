import { Module } from '@nestjs/common';
import { CatalogModule } from '@tongdao/catalog';
import { ImportsController } from './imports.controller';
import { ChannelListingsController, ListingsController } from './listings.controller';
import { ProductsController } from './products.controller';
import { SkusController } from './skus.controller';

@Module({
  imports: [CatalogModule],
  controllers: [
    ProductsController,
    SkusController,
    ListingsController,
    ChannelListingsController,
    ImportsController,
  ],
})
export class CatalogHttpModule {}
