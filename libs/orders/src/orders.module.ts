import { Module, OnModuleInit } from '@nestjs/common';
import { CatalogModule } from '@tongdao/catalog';
import { CrmModule } from '@tongdao/crm';
import { IdentityModule } from '@tongdao/identity';
import { InventoryModule } from '@tongdao/inventory';
import { SchemaContribution } from '@tongdao/persistence';
import { OrderLineRow, OrderRow, ShipmentRow } from './entities';
import { OrderFulfilment } from './order-fulfilment.service';
import { OrderDesk } from './order-desk.service';
import { OrderIngestion } from './order-ingestion.service';
import { OrderLineMapping } from './order-line-mapping.service';
import { OrderStockSync } from './order-stock-sync';
import { OrdersSchema1763900007000 } from './orders.migration';
import { ORDER_TRANSITIONS, validateTransitionTable } from './state-machine';

export const ordersSchema: SchemaContribution = {
  entities: [OrderRow, OrderLineRow, ShipmentRow],
  migrations: [OrdersSchema1763900007000],
};

@Module({
  imports: [CatalogModule, CrmModule, InventoryModule, IdentityModule],
  providers: [OrderIngestion, OrderStockSync, OrderDesk, OrderFulfilment, OrderLineMapping],
  exports: [OrderIngestion, OrderDesk, OrderFulfilment, OrderLineMapping],
})
export class OrdersModule implements OnModuleInit {
  onModuleInit(): void {
    validateTransitionTable(ORDER_TRANSITIONS);
  }
}
