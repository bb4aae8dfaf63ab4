import { Module } from '@nestjs/common';
import { ErpControlController } from './control/control.controller';
import { AuthEndpoints } from './open/auth-endpoints';
import { ENDPOINT_GROUPS, EndpointGroup } from './open/endpoint';
import { ErpGateway } from './open/gateway.service';
import { OpenController } from './open/open.controller';
import { OrderEndpoints } from './open/order-endpoints';
import { QueryEndpoints } from './open/query-endpoints';
import { OrderBook } from './orders/book';
import { ErpStore } from './state/store';

const GROUPS = [AuthEndpoints, OrderEndpoints, QueryEndpoints];

/**
 * A Jushuitan-style ERP as the platform: the signed open API under /open and /openWeb/auth (real host:
 * openapi.jushuitan.com) and the sandbox's control API at /_sandbox/erp. State is in memory, one store per app.
 */
@Module({
  controllers: [OpenController, ErpControlController],
  providers: [
    ErpStore,
    OrderBook,
    ErpGateway,
    ...GROUPS,
    { provide: ENDPOINT_GROUPS, useFactory: (...groups: EndpointGroup[]) => groups, inject: GROUPS },
  ],
})
export class ErpSandboxModule {}
