import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  UsePipes,
} from '@nestjs/common';
import { controlPipe } from '../../shared/control';
import { COMPANY_CODES, REFUND_REASONS } from '../state/catalog-data';
import { Item, Refund, Trade } from '../state/model';
import { TaobaoStore } from '../state/store';
import { GeneratorStatus, TradeGenerator } from '../trades/generator';
import { LifecycleError, TradeLifecycle } from '../trades/lifecycle';
import {
  AddItemDto,
  AdvanceTradeDto,
  CreateRefundDto,
  GenerateDto,
  GeneratorDto,
  MoveRefundDto,
  TickDto,
} from './dto';
import { ItemView, itemView, RefundView, refundView, TradeView, tradeView, yuanToFen } from './views';

/** `/_sandbox/taobao`: shop data and the buyer side of trades (what buyers and Taobao do, not the seller). */
@Controller('_sandbox/taobao')
@UsePipes(controlPipe)
export class ControlTradesController {
  constructor(
    private readonly store: TaobaoStore,
    private readonly lifecycle: TradeLifecycle,
    private readonly generator: TradeGenerator,
  ) {}

  @Get('sellers/:nick/items')
  items(@Param('nick') nick: string): { items: ItemView[] } {
    this.requireSeller(nick);
    return { items: this.store.itemsOf(nick).map(itemView) };
  }

  @Post('sellers/:nick/items')
  addItem(@Param('nick') nick: string, @Body() body: AddItemDto): ItemView {
    this.requireSeller(nick);
    const now = this.store.now();
    const priceFen = yuanToFen(body.price);
    const skus = (body.skus ?? []).map((sku) => ({
      skuId: `5${this.store.rng.digits(12)}`,
      outerId: sku.outerId,
      properties: sku.properties,
      priceFen: sku.price ? yuanToFen(sku.price) : priceFen,
      quantity: sku.quantity,
      modified: now,
    }));
    const item: Item = {
      numIid: BigInt(`6${this.store.rng.digits(11)}`),
      sellerNick: nick,
      title: body.title,
      outerId: body.outerId,
      priceFen,
      quantity: skus.length ? skus.reduce((sum, s) => sum + s.quantity, 0) : (body.quantity ?? 0),
      skus,
      cid: 50000000,
      modified: now,
    };
    this.store.items.set(item.numIid.toString(), item);
    return itemView(item);
  }

  /** The recorded stock of an item and its SKUs, as the seller's last quantity updates left it. */
  @Get('items/:numIid')
  item(@Param('numIid') numIid: string): ItemView {
    const item = this.store.items.get(numIid);
    if (!item) throw new NotFoundException(`no item ${numIid}`);
    return itemView(item);
  }

  @Post('sellers/:nick/trades/generate')
  generate(@Param('nick') nick: string, @Body() body: GenerateDto): { trades: TradeView[] } {
    this.requireSeller(nick);
    const trades = this.generator.generate(nick, body.count, body);
    return { trades: trades.map(tradeView) };
  }

  @Get('trades/:tid')
  trade(@Param('tid') tid: string): TradeView {
    return tradeView(this.requireTrade(tid));
  }

  /** The next natural step (pay → ship → buyer confirms), or a named target. */
  @Post('trades/:tid/advance')
  @HttpCode(200)
  advance(@Param('tid') tid: string, @Body() body: AdvanceTradeDto): TradeView {
    const trade = this.requireTrade(tid);
    const to = body.to ?? this.nextStep(trade);
    this.guard(() => {
      if (to === 'WAIT_SELLER_SEND_GOODS') this.lifecycle.pay(trade);
      else if (to === 'TRADE_CLOSED_BY_TAOBAO') this.lifecycle.closeUnpaid(trade);
      else if (to === 'TRADE_FINISHED') this.lifecycle.confirmReceipt(trade);
      else {
        const open = trade.orders.filter((o) => o.status === 'WAIT_SELLER_SEND_GOODS');
        this.lifecycle.ship(trade, open, COMPANY_CODES.SF, `SF${this.store.rng.digits(12)}`);
      }
    });
    return tradeView(trade);
  }

  @Post('trades/:tid/refunds')
  createRefund(@Param('tid') tid: string, @Body() body: CreateRefundDto): RefundView {
    const trade = this.requireTrade(tid);
    const order = body.oid ? trade.orders.find((o) => o.oid.toString() === body.oid) : trade.orders[0];
    if (!order) throw new NotFoundException(`no order ${body.oid} in trade ${tid}`);
    const refund = this.guard(() =>
      this.lifecycle.openRefund(trade, order, {
        feeFen: body.refundFee ? yuanToFen(body.refundFee) : undefined,
        hasGoodReturn: body.hasGoodReturn,
        reason: body.reason ?? this.store.rng.pick(REFUND_REASONS),
      }),
    );
    return refundView(refund);
  }

  @Get('refunds/:refundId')
  refund(@Param('refundId') refundId: string): RefundView {
    return refundView(this.requireRefund(refundId));
  }

  @Post('refunds/:refundId/advance')
  @HttpCode(200)
  moveRefund(@Param('refundId') refundId: string, @Body() body: MoveRefundDto): RefundView {
    const refund = this.requireRefund(refundId);
    this.guard(() => this.lifecycle.moveRefund(refund, body.to));
    return refundView(refund);
  }

  @Get('generator')
  generatorStatus(): GeneratorStatus {
    return this.generator.status();
  }

  /** Starts (or with 0 stops) the live stream of trades. */
  @Post('generator')
  @HttpCode(200)
  setGenerator(@Body() body: GeneratorDto): GeneratorStatus {
    if (body.sellerNick) this.requireSeller(body.sellerNick);
    this.generator.start(body.ratePerMinute, body.sellerNick);
    return this.generator.status();
  }

  @Post('generator/tick')
  @HttpCode(200)
  tick(@Body() body: TickDto): { created: TradeView | null } {
    if (body.sellerNick) this.requireSeller(body.sellerNick);
    const trade = this.generator.tick(body.sellerNick);
    return { created: trade ? tradeView(trade) : null };
  }

  private nextStep(trade: Trade): NonNullable<AdvanceTradeDto['to']> {
    if (trade.status === 'WAIT_BUYER_PAY') return 'WAIT_SELLER_SEND_GOODS';
    if (trade.status === 'WAIT_BUYER_CONFIRM_GOODS') return 'TRADE_FINISHED';
    if (trade.status === 'WAIT_SELLER_SEND_GOODS' || trade.status === 'SELLER_CONSIGNED_PART') {
      return 'WAIT_BUYER_CONFIRM_GOODS';
    }
    throw new ConflictException({
      code: 'isv.trade-status-error',
      message: `${trade.status} has no next step`,
    });
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof LifecycleError)
        throw new ConflictException({ code: error.subCode, message: error.message });
      throw error;
    }
  }

  private requireSeller(nick: string): void {
    if (!this.store.sellers.has(nick)) throw new NotFoundException(`no seller ${nick}`);
  }

  private requireTrade(tid: string): Trade {
    const trade = this.store.trades.get(tid);
    if (!trade) throw new NotFoundException(`no trade ${tid}`);
    return trade;
  }

  private requireRefund(refundId: string): Refund {
    const refund = this.store.refunds.get(refundId);
    if (!refund) throw new NotFoundException(`no refund ${refundId}`);
    return refund;
  }
}
