import { Module } from '@nestjs/common';
import { CatalogModule } from '@tongdao/catalog';
import { IdentityModule } from '@tongdao/identity';
import { SchemaContribution } from '@tongdao/persistence';
import { AllocationRuleService } from './allocation-rules.service';
import { CatalogSkuCatalog } from './catalog-sku-catalog';
import {
  AllocationRuleRow,
  LedgerRow,
  ReservationRow,
  StockLevel,
  StockPushRow,
  StockPushStateRow,
  Warehouse,
} from './entities';
import { InventorySchema1763900004000 } from './inventory.migration';
import { InventoryOptions } from './options';
import { SkuCatalog } from './ports';
import { ReservationHolds } from './reservation-holds';
import { ReservationSweep } from './reservation-sweep';
import { StockChangeRecorder } from './stock-changes';
import { StockPushJob } from './stock-push.job';
import { StockPushScheduler } from './stock-push.scheduler';
import { StockQueries } from './stock-queries.service';
import { StockService } from './stock.service';
import { WarehouseService } from './warehouse.service';

export const inventorySchema: SchemaContribution = {
  entities: [
    Warehouse,
    StockLevel,
    ReservationRow,
    LedgerRow,
    AllocationRuleRow,
    StockPushStateRow,
    StockPushRow,
  ],
  migrations: [InventorySchema1763900004000],
};

@Module({
  imports: [IdentityModule, CatalogModule],
  providers: [
    InventoryOptions,
    { provide: SkuCatalog, useClass: CatalogSkuCatalog },
    WarehouseService,
    StockChangeRecorder,
    StockPushScheduler,
    StockPushJob,
    StockService,
    StockQueries,
    AllocationRuleService,
    ReservationSweep,
    ReservationHolds,
  ],
  exports: [
    StockService,
    StockQueries,
    WarehouseService,
    AllocationRuleService,
    StockPushJob,
    ReservationSweep,
    ReservationHolds,
  ],
})
export class InventoryModule {}
