import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UsePipes,
} from '@nestjs/common';
import { controlPipe, newest, ResetDto, switchSet } from '../../shared/control';
import { Payments } from '../api/payments';
import { Notifier } from '../notify/notifier';
import { WechatpayMisbehaviour } from '../state/misbehaviour';
import { Merchant, MerchantSettings, Transaction } from '../state/model';
import { WechatpayStore } from '../state/store';
import {
  CallsQuery,
  CreateMerchantDto,
  MerchantSettingsDto,
  MisbehaviourDto,
  NotificationsQuery,
  PayDto,
  TransactionsQuery,
  UpdateMerchantDto,
} from './dto';
import { merchantView, notificationView, refundControlView, transactionView } from './views';

function settingsOf(body: MerchantSettingsDto): Partial<MerchantSettings> {
  const out: Partial<MerchantSettings> = {};
  if (body.retryScale !== undefined) out.retryScale = body.retryScale;
  if (body.notifyTimeoutMs !== undefined) out.notifyTimeoutMs = body.notifyTimeoutMs;
  if (body.refundDelayMs !== undefined) out.refundDelayMs = body.refundDelayMs;
  return out;
}

/** `/_sandbox/wechatpay`: not part of WeChat Pay. Merchants, the simulated buyer, fault switches and the logs. */
@Controller('_sandbox/wechatpay')
@UsePipes(controlPipe)
export class WechatpayControlController {
  constructor(
    private readonly store: WechatpayStore,
    private readonly payments: Payments,
    private readonly notifier: Notifier,
  ) {}

  @Get()
  overview(): Record<string, unknown> {
    return {
      seed: this.store.seed,
      merchants: [...this.store.merchants.keys()],
      transactions: this.store.transactions.size,
      refunds: this.store.refunds.size,
      notifications: this.store.notifications.length,
      calls: this.store.calls.length,
    };
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body() body: ResetDto): { seed: number } {
    this.store.reset(body.seed);
    return { seed: body.seed };
  }

  @Post('merchants')
  create(@Body() body: CreateMerchantDto): Record<string, unknown> {
    if (body.mchid && this.store.merchants.has(body.mchid))
      throw new ConflictException(`merchant ${body.mchid} exists`);
    if (body.merchantPublicKeyPem && !body.merchantSerial)
      throw new ConflictException('merchantSerial is required with merchantPublicKeyPem');
    const merchant = this.store.createMerchant({ ...body, settings: settingsOf(body) });
    return merchantView(merchant, this.store.platformKey());
  }

  @Get('merchants/:mchid')
  get(@Param('mchid') mchid: string): Record<string, unknown> {
    return merchantView(this.merchant(mchid), this.store.platformKey());
  }

  @Patch('merchants/:mchid')
  update(@Param('mchid') mchid: string, @Body() body: UpdateMerchantDto): Record<string, unknown> {
    const merchant = this.merchant(mchid);
    merchant.settings = { ...merchant.settings, ...settingsOf(body) };
    return merchantView(merchant, this.store.platformKey());
  }

  @Get('merchants/:mchid/transactions')
  transactions(
    @Param('mchid') mchid: string,
    @Query() query: TransactionsQuery,
  ): { transactions: Array<Record<string, unknown>> } {
    this.merchant(mchid);
    const found = [...this.store.transactions.values()].filter(
      (tx) => tx.mchid === mchid && (!query.state || tx.state === query.state),
    );
    return { transactions: found.map(transactionView) };
  }

  @Get('merchants/:mchid/transactions/:outTradeNo')
  transaction(
    @Param('mchid') mchid: string,
    @Param('outTradeNo') outTradeNo: string,
  ): Record<string, unknown> {
    return transactionView(this.tx(this.merchant(mchid), outTradeNo));
  }

  /**
   * The buyer pays: at once (the notification id is returned; delivery continues in the background) or after
   * `delayMs`. 409 when the transaction is closed, expired or already paid. Never paying = not calling this.
   */
  @Post('merchants/:mchid/transactions/:outTradeNo/pay')
  @HttpCode(200)
  pay(
    @Param('mchid') mchid: string,
    @Param('outTradeNo') outTradeNo: string,
    @Body() body: PayDto,
  ): Record<string, unknown> {
    const merchant = this.merchant(mchid);
    const tx = this.tx(merchant, outTradeNo);
    const refusal = this.payments.unpayable(tx);
    if (refusal) throw new ConflictException(refusal);
    if (body.delayMs) {
      const payAt = Date.now() + body.delayMs;
      tx.payAt = payAt;
      this.notifier.later(body.delayMs, () => {
        // A close or expiry in the meantime cancels the buyer's payment.
        if (tx.payAt === payAt && !this.payments.unpayable(tx)) this.payments.pay(merchant, tx);
      });
      return { scheduled: true, transaction: transactionView(tx) };
    }
    this.payments.pay(merchant, tx);
    const notification = this.store.notifications.filter((n) => n.outTradeNo === outTradeNo).at(-1);
    return { scheduled: false, transaction: transactionView(tx), notificationId: notification?.id };
  }

  /** The transaction's time_expire passes now: the buyer can no longer pay (it stays NOTPAY until closed). */
  @Post('merchants/:mchid/transactions/:outTradeNo/expire')
  @HttpCode(200)
  expire(@Param('mchid') mchid: string, @Param('outTradeNo') outTradeNo: string): Record<string, unknown> {
    const tx = this.tx(this.merchant(mchid), outTradeNo);
    if (tx.state !== 'NOTPAY') throw new ConflictException(`the transaction is ${tx.state}`);
    tx.timeExpire = Date.now();
    tx.payAt = undefined;
    return transactionView(tx);
  }

  @Get('merchants/:mchid/refunds')
  refunds(@Param('mchid') mchid: string): { refunds: Array<Record<string, unknown>> } {
    this.merchant(mchid);
    const found = [...this.store.refunds.values()].filter((r) => r.mchid === mchid);
    return { refunds: found.map(refundControlView) };
  }

  @Get('merchants/:mchid/misbehaviour')
  getMisbehaviour(@Param('mchid') mchid: string): WechatpayMisbehaviour {
    this.merchant(mchid);
    return this.store.misbehaviourOf(mchid);
  }

  /** Replaces the merchant's whole switch set; `{}` turns everything off. */
  @Put('merchants/:mchid/misbehaviour')
  setMisbehaviour(@Param('mchid') mchid: string, @Body() body: MisbehaviourDto): WechatpayMisbehaviour {
    this.merchant(mchid);
    const config = switchSet<WechatpayMisbehaviour>(body);
    this.store.misbehaviour.set(mchid, config);
    return config;
  }

  @Get('notifications')
  notifications(@Query() query: NotificationsQuery): {
    total: number;
    notifications: Array<Record<string, unknown>>;
  } {
    const found = this.store.notifications.filter(
      (n) =>
        (!query.mchid || n.mchid === query.mchid) &&
        (!query.outTradeNo || n.outTradeNo === query.outTradeNo) &&
        (!query.eventType || n.eventType === query.eventType) &&
        (!query.state || n.state === query.state),
    );
    return { total: found.length, notifications: newest(found, query.limit).map(notificationView) };
  }

  @Get('notifications/:id')
  notification(@Param('id') id: string): Record<string, unknown> {
    const found = this.store.notifications.find((n) => n.id === id);
    if (!found) throw new NotFoundException(`no notification ${id}`);
    return notificationView(found);
  }

  @Get('calls')
  calls(@Query() query: CallsQuery): { total: number; calls: unknown[] } {
    const found = this.store.calls.filter((c) => !query.mchid || c.mchid === query.mchid);
    return { total: found.length, calls: newest(found, query.limit) };
  }

  private merchant(mchid: string): Merchant {
    const merchant = this.store.merchants.get(mchid);
    if (!merchant) throw new NotFoundException(`no merchant ${mchid}`);
    return merchant;
  }

  private tx(merchant: Merchant, outTradeNo: string): Transaction {
    const tx = this.store.transaction(merchant.mchid, outTradeNo);
    if (!tx) throw new NotFoundException(`no transaction ${outTradeNo}`);
    return tx;
  }
}
