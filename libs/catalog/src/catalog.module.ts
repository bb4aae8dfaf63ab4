import { Module } from '@nestjs/common';
import { IdentityModule } from '@tongdao/identity';
import { SchemaContribution } from '@tongdao/persistence';
import { CatalogEventWriter } from './catalog-events';
import { CatalogSchema1763900002000 } from './catalog.migration';
import { CatalogImport, ChannelListing, Product, Sku } from './entities';
import { CatalogImportRunner } from './import-runner';
import { CatalogImportsService } from './imports.service';
import { ListingsService } from './listings.service';
import { ProductsService } from './products.service';
import { CatalogRepositories } from './repositories';
import { SkusService } from './skus.service';

export const catalogSchema: SchemaContribution = {
  entities: [Product, Sku, ChannelListing, CatalogImport],
  migrations: [CatalogSchema1763900002000],
};

/**
 * Products, SKUs, channel listings and CSV imports. Needs a ChannelAccountDirectory from the runtime
 * (libs/channels provides it globally); the catalog itself never imports a channel.
 */
@Module({
  imports: [IdentityModule],
  providers: [
    CatalogRepositories,
    CatalogEventWriter,
    ProductsService,
    SkusService,
    ListingsService,
    CatalogImportsService,
    CatalogImportRunner,
  ],
  exports: [ProductsService, SkusService, ListingsService, CatalogImportsService],
})
export class CatalogModule {}
