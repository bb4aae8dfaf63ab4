import { Module, OnModuleInit } from '@nestjs/common';
import { CatalogModule } from '@tongdao/catalog';
import { CrmModule } from '@tongdao/crm';
import { IdentityModule } from '@tongdao/identity';
import { InventoryModule } from '@tongdao/inventory';
import { SchemaContribution } from '@tongdao/persistence';
import { AfterSaleRefunds } from './after-sales/after-sale-refunds.service';
import { AfterSaleRow } from './after-sales/after-sale.entity';
import { AfterSales } from './after-sales/after-sales.service';
import { ChannelRefunds } from './after-sales/channel-refunds.service';
import { AfterSalesSchema1763900007200 } from './after-sales/after-sales.migration';
import { OrderLineRow, OrderRow, ShipmentRow } from './entities';
import {
  DESK_TOOL_ENTITIES,
  DESK_TOOL_EXPORTS,
  DESK_TOOL_MIGRATIONS,
  DESK_TOOL_PROVIDERS,
} from './export/desk-tools';
import { SettlementPolicyRow } from './settlement/settlement-policy.entity';
import { SettlementEvents } from './settlement/settlement-events';
import { SettlementLedger } from './settlement/settlement-ledger';
import { SettlementSweep } from './settlement/settlement-sweep';
import { Settlement } from './settlement/settlement.service';
import { OrderFulfilment } from './order-fulfilment.service';
import { OrderDelivery } from './order-delivery.service';
import { OrderDesk } from './order-desk.service';
import { OrderIngestion } from './order-ingestion.service';
import { OrderLineMapping } from './order-line-mapping.service';
import { OrderStockSync } from './order-stock-sync';
import { OrderPlacement } from './placement/order-placement.service';
import { OrdersSchema1763900007000 } from './orders.migration';
import { ORDER_TRANSITIONS, validateTransitionTable } from './state-machine';

export const ordersSchema: SchemaContribution = {
  entities: [OrderRow, OrderLineRow, ShipmentRow, AfterSaleRow, SettlementPolicyRow, ...DESK_TOOL_ENTITIES],
  migrations: [OrdersSchema1763900007000, AfterSalesSchema1763900007200, ...DESK_TOOL_MIGRATIONS],
};

@Module({
  imports: [CatalogModule, CrmModule, InventoryModule, IdentityModule],
  providers: [
    OrderIngestion,
    OrderStockSync,
    OrderDesk,
    OrderFulfilment,
    OrderDelivery,
    OrderLineMapping,
    AfterSales,
    AfterSaleRefunds,
    ChannelRefunds,
    Settlement,
    SettlementEvents,
    SettlementSweep,
    SettlementLedger,
    OrderPlacement,
    ...DESK_TOOL_PROVIDERS,
  ],
  exports: [
    OrderIngestion,
    OrderDesk,
    OrderFulfilment,
    OrderDelivery,
    OrderLineMapping,
    AfterSales,
    AfterSaleRefunds,
    ChannelRefunds,
    Settlement,
    SettlementSweep,
    SettlementLedger,
    OrderPlacement,
    ...DESK_TOOL_EXPORTS,
  ],
})
export class OrdersModule implements OnModuleInit {
  onModuleInit(): void {
    validateTransitionTable(ORDER_TRANSITIONS);
  }
}
