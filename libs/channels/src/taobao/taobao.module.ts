import { Module } from '@nestjs/common';
import { StockPublisher } from '@tongdao/inventory';
import { OrdersModule } from '@tongdao/orders';
import { TaobaoAccounts } from './taobao-accounts.service';
import { TaobaoShipments } from './taobao-shipments';
import { TaobaoStockPublisher } from './taobao-stock.publisher';
import { TaobaoSync } from './taobao-sync.service';
import { TaobaoSyncJobs } from './taobao-sync.jobs';
import { TopClient } from './top-client';
import { ChannelSecrets } from '../secrets/secrets.provider';

/** The Taobao driver: TOP client, account credentials, trade sync, stock push and shipments back. */
@Module({
  imports: [OrdersModule],
  providers: [
    ChannelSecrets,
    TopClient,
    TaobaoAccounts,
    TaobaoSync,
    TaobaoSyncJobs,
    TaobaoShipments,
    TaobaoStockPublisher,
    { provide: StockPublisher, useExisting: TaobaoStockPublisher },
  ],
  exports: [TaobaoAccounts, TaobaoSync, TaobaoSyncJobs, TopClient],
})
export class TaobaoModule {}
