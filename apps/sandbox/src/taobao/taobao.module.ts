import { Module } from '@nestjs/common';
import { ControlController } from './control/control.controller';
import { ControlTradesController } from './control/trades.controller';
import { TaobaoStore } from './state/store';
import { TmcHub } from './tmc/hub';
import { TmcServer } from './tmc/server';
import { API_GROUPS, ApiGroup } from './top/api';
import { ItemApis } from './top/api-items';
import { LogisticsApis } from './top/api-logistics';
import { RefundApis } from './top/api-refunds';
import { TmcApis } from './top/api-tmc';
import { TradeApis } from './top/api-trades';
import { GatewayController } from './top/gateway.controller';
import { GatewayService } from './top/gateway.service';
import { TradeGenerator } from './trades/generator';
import { TradeLifecycle } from './trades/lifecycle';

const GROUPS = [TradeApis, RefundApis, ItemApis, LogisticsApis, TmcApis];

/**
 * Taobao as the platform: the TOP gateway at /router/rest, TMC over WebSocket at /tmc, and the sandbox's own
 * control API at /_sandbox/taobao. State is in memory, one store per app instance.
 */
@Module({
  controllers: [GatewayController, ControlController, ControlTradesController],
  providers: [
    TaobaoStore,
    TmcHub,
    TmcServer,
    TradeLifecycle,
    TradeGenerator,
    GatewayService,
    ...GROUPS,
    { provide: API_GROUPS, useFactory: (...groups: ApiGroup[]) => groups, inject: GROUPS },
  ],
})
export class TaobaoSandboxModule {}
