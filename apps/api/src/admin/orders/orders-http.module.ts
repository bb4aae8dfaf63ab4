import { Module } from '@nestjs/common';
import { OrdersModule } from '@tongdao/orders';
import { AfterSalesController } from './after-sales.controller';
import { OrdersController } from './orders.controller';

@Module({ imports: [OrdersModule], controllers: [OrdersController, AfterSalesController] })
export class OrdersHttpModule {}
