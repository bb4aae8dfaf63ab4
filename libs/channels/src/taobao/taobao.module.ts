import { Module } from '@nestjs/common';
import { StockPublisher } from '@tongdao/inventory';
import { OrdersModule } from '@tongdao/orders';
import { TaobaoAccounts } from './taobao-accounts.service';
import { TaobaoShipments } from './taobao-shipments';
import { TaobaoStockPublisher } from './taobao-stock.publisher';
import { TaobaoSync } from './taobao-sync.service';
import { TaobaoTrades } from './taobao-trades.service';
import { TaobaoSyncJobs } from './taobao-sync.jobs';
import { TopClient } from './top-client';
import { TaobaoTmcConsumer } from './tmc/tmc-consumer';

/** The Taobao driver: TOP client, credentials, trade sync (poll + TMC push), stock push, shipments back. */
@Module({
  imports: [OrdersModule],
  providers: [
    TopClient,
    TaobaoAccounts,
    TaobaoSync,
    TaobaoTrades,
    TaobaoSyncJobs,
    TaobaoTmcConsumer,
    TaobaoShipments,
    TaobaoStockPublisher,
    { provide: StockPublisher, useExisting: TaobaoStockPublisher },
  ],
  exports: [TaobaoAccounts, TaobaoSync, TaobaoTrades, TaobaoSyncJobs, TaobaoTmcConsumer, TopClient],
})
export class TaobaoModule {}
