import { Module } from '@nestjs/common';
import { CatalogModule } from '@tongdao/catalog';
import { IdentityModule } from '@tongdao/identity';
import { InventoryModule } from '@tongdao/inventory';
import { OrdersModule } from '@tongdao/orders';
import { SchemaContribution } from '@tongdao/persistence';
import { ErpConnections } from './connection/erp-connections.service';
import { ErpConnectors } from './connection/erp-connectors';
import { JushuitanClient } from './connector/jushuitan-client';
import { ErpAdmin } from './erp-admin.service';
import { ErpConnectionRow, ErpOrderLinkRow, ErpShipmentReceiptRow, ErpSyncLogRow } from './erp.entities';
import { ErpSchema1763900011000 } from './erp.migration';
import { ErpOptions } from './erp-options';
import { ErpSyncLog } from './sync-log.service';
import { ErpSync } from './sync/erp-sync.service';
import { ErpShipmentPull } from './sync/shipment-pull';
import { ErpStockPull } from './sync/stock-pull';
import { ErpOrderBuilder } from './uploads/erp-order-builder';
import { ErpOrderEvents } from './uploads/erp-order-events';
import { ErpUploader } from './uploads/erp-uploader';
import { OrderLinks } from './uploads/order-links';

export const erpSchema: SchemaContribution = {
  entities: [ErpConnectionRow, ErpOrderLinkRow, ErpShipmentReceiptRow, ErpSyncLogRow],
  migrations: [ErpSchema1763900011000],
};

/** The seller's ERP: paid orders out, stock and shipments back (ChannelSecrets comes from the global ChannelsModule). */
@Module({
  imports: [IdentityModule, CatalogModule, InventoryModule, OrdersModule],
  providers: [
    ErpOptions,
    JushuitanClient,
    ErpConnectors,
    ErpConnections,
    ErpSyncLog,
    OrderLinks,
    ErpOrderBuilder,
    ErpUploader,
    ErpOrderEvents,
    ErpStockPull,
    ErpShipmentPull,
    ErpSync,
    ErpAdmin,
  ],
  exports: [ErpAdmin, ErpConnections, ErpUploader, ErpSync, ErpOptions, JushuitanClient],
})
export class ErpModule {}
