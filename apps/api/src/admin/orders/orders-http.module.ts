import { Module } from '@nestjs/common';
import { OrdersModule } from '@tongdao/orders';
import { OrdersController } from './orders.controller';

@Module({ imports: [OrdersModule], controllers: [OrdersController] })
export class OrdersHttpModule {}
