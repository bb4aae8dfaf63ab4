import { Module } from '@nestjs/common';
import { CatalogHttpModule } from './catalog/catalog-http.module';
import { ChannelsHttpModule } from './channels/channels-http.module';
import { ErpHttpModule } from './erp/erp-http.module';
import { IdentityHttpModule } from './identity/identity-http.module';
import { InventoryHttpModule } from './inventory/inventory-http.module';
import { LogisticsHttpModule } from './logistics/logistics-http.module';
import { OpsHttpModule } from './ops/ops-http.module';
import { OrdersHttpModule } from './orders/orders-http.module';
import { WechatInboundHttpModule } from './wechat/inbound/wechat-inbound-http.module';

/** /admin/v1: the merchant back office, one folder per bounded context. */
@Module({
  imports: [
    IdentityHttpModule,
    CatalogHttpModule,
    ChannelsHttpModule,
    ErpHttpModule,
    InventoryHttpModule,
    LogisticsHttpModule,
    OpsHttpModule,
    OrdersHttpModule,
    WechatInboundHttpModule,
  ],
})
export class AdminHttpModule {}
