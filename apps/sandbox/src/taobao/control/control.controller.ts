import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  UsePipes,
} from '@nestjs/common';
import { controlPipe, newest, ResetDto, switchSet } from '../../shared/control';
import { MisbehaviourConfig } from '../state/misbehaviour';
import { TaobaoStore } from '../state/store';
import { CallRecord, QuantityChange, Shipment } from '../state/model';
import { QueueSnapshot, TmcHub } from '../tmc/hub';
import { TMC_PATH } from '../tmc/server';
import { TradeGenerator } from '../trades/generator';
import { formatGmt8 } from '../wire/gmt8';
import { CallLogQuery, CreateAppDto, MisbehaviourDto } from './dto';
import { ItemView, itemView } from './views';

export interface AppCredentials {
  appKey: string;
  appSecret: string;
  sessionKey: string;
  sessionExpiresAt: string;
  sellerNick: string;
  sellerId: string;
  tmcGroup: string;
  items: ItemView[];
}

/** `/_sandbox/taobao`: not part of TOP. Apps and sessions, fault switches, and what the sandbox received. */
@Controller('_sandbox/taobao')
@UsePipes(controlPipe)
export class ControlController {
  constructor(
    private readonly store: TaobaoStore,
    private readonly hub: TmcHub,
    private readonly generator: TradeGenerator,
  ) {}

  @Get()
  overview(): Record<string, unknown> {
    return {
      seed: this.store.seed,
      gateway: '/router/rest',
      tmc: TMC_PATH,
      apps: [...this.store.apps.keys()],
      sellers: [...this.store.sellers.keys()],
      items: this.store.items.size,
      trades: this.store.trades.size,
      refunds: this.store.refunds.size,
      calls: this.store.calls.length,
      generator: this.generator.status(),
    };
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body() body: ResetDto): { seed: number } {
    this.generator.stop();
    this.hub.reset();
    this.store.reset(body.seed);
    return { seed: body.seed };
  }

  /** A developer app plus a seller who has authorised it (the OAuth dance is not simulated). */
  @Post('apps')
  createApp(@Body() body: CreateAppDto): AppCredentials {
    const { app, seller, session } = this.store.createApp(body);
    const existing = this.store.itemsOf(seller.nick);
    const items = existing.length ? existing : this.store.seedItems(seller.nick, body.items ?? 3);
    return {
      appKey: app.appKey,
      appSecret: app.appSecret,
      sessionKey: session.sessionKey,
      sessionExpiresAt: formatGmt8(session.expiresAt),
      sellerNick: seller.nick,
      sellerId: seller.userId.toString(),
      tmcGroup: seller.tmcGroup,
      items: items.map(itemView),
    };
  }

  @Post('sessions/:sessionKey/expire')
  @HttpCode(200)
  expireSession(@Param('sessionKey') sessionKey: string): { sessionKey: string; expiresAt: string } {
    const session = this.store.sessions.get(sessionKey);
    if (!session) throw new NotFoundException('no such session');
    session.expiresAt = this.store.now() - 1000;
    return { sessionKey, expiresAt: formatGmt8(session.expiresAt) };
  }

  @Get('apps/:appKey/misbehaviour')
  getMisbehaviour(@Param('appKey') appKey: string): MisbehaviourConfig {
    this.requireApp(appKey);
    return this.store.misbehaviourOf(appKey).config;
  }

  /** Replaces the app's whole switch set (and restarts its counters); `{}` turns everything off. */
  @Put('apps/:appKey/misbehaviour')
  setMisbehaviour(@Param('appKey') appKey: string, @Body() body: MisbehaviourDto): MisbehaviourConfig {
    this.requireApp(appKey);
    const config = switchSet<MisbehaviourConfig>(body);
    this.store.misbehaviourOf(appKey).set(config);
    return config;
  }

  @Get('calls')
  calls(@Query() query: CallLogQuery): { total: number; calls: CallRecord[] } {
    const calls = this.store.calls.filter(
      (c) =>
        (!query.method || c.method === query.method) &&
        (!query.appKey || c.appKey === query.appKey) &&
        (!query.outcome || c.outcome.startsWith(query.outcome)),
    );
    return { total: calls.length, calls: newest(calls, query.limit) };
  }

  @Get('shipments')
  shipments(@Query('tid') tid?: string): { shipments: Shipment[] } {
    return { shipments: this.store.shipments.filter((s) => !tid || s.tid === tid) };
  }

  @Get('quantity-updates')
  quantityUpdates(@Query('numIid') numIid?: string): { updates: QuantityChange[] } {
    return { updates: this.store.quantityChanges.filter((u) => !numIid || u.numIid === numIid) };
  }

  @Get('tmc')
  tmcQueues(@Query('appKey') appKey?: string): { queues: QueueSnapshot[] } {
    return { queues: this.hub.snapshot(appKey) };
  }

  @Get('tmc/:appKey/messages')
  tmcMessages(
    @Param('appKey') appKey: string,
    @Query('group') group?: string,
  ): { messages: Array<Record<string, unknown>> } {
    this.requireApp(appKey);
    return {
      messages: this.hub.unconfirmed(appKey, group ?? 'default').map((m) => ({
        id: m.id.toString(),
        topic: m.topic,
        content: m.content,
        pubTime: formatGmt8(m.pubTime),
        retried: m.retried,
        state: m.state,
      })),
    };
  }

  private requireApp(appKey: string): void {
    if (!this.store.apps.has(appKey)) throw new NotFoundException(`no app ${appKey}`);
  }
}
