import { Module } from '@nestjs/common';
import { InventoryModule } from '@tongdao/inventory';
import { AllocationRulesController } from './allocation-rules.controller';
import { ReservationsController } from './reservations.controller';
import { StockController } from './stock.controller';
import { WarehousesController } from './warehouses.controller';

@Module({
  imports: [InventoryModule],
  controllers: [StockController, ReservationsController, WarehousesController, AllocationRulesController],
})
export class InventoryHttpModule {}
