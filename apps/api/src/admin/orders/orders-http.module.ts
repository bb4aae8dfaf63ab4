import { Module } from '@nestjs/common';
import { OrdersModule } from '@tongdao/orders';
import { AfterSalesController } from './after-sales.controller';
import { OrderExportsController } from './order-exports.controller';
import { OrdersController } from './orders.controller';
import { ShipmentImportsController } from './shipment-imports.controller';

@Module({
  imports: [OrdersModule],
  controllers: [
    // Before OrdersController, whose GET :id would otherwise take `export.csv`.
    OrderExportsController,
    ShipmentImportsController,
    OrdersController,
    AfterSalesController,
  ],
})
export class OrdersHttpModule {}
