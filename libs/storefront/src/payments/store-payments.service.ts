import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { JsapiPayParams, WechatPayError } from '@tongdao/channels';
import { Clock, ConflictError, DomainError, Id, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { BuyerSession, buyerContext } from '../buyers/buyer-session';
import { PaymentFacts, StoreOrders } from '../checkout/store-orders.service';
import { StorePaymentRow } from './payment.entities';
import { WechatPayClients } from './wechatpay-clients';

/** What the page hands to `WeixinJSBridge.invoke('getBrandWCPayRequest', …)`, plus what it is paying. */
export interface StorePaymentView extends JsapiPayParams {
  prepayId: string;
  orderId: Id;
  payableFen: number;
  expiresAt: string;
}

/** WeChat Pay keeps a prepay_id usable for two hours; a younger one is signed again instead of asked for anew. */
const PREPAY_REUSE_MS = 100 * 60_000;

export function notifyUrl(config: AppConfig, channelAccountId: Id): string {
  return `${config.publicUrl}/channels/wechatpay/${channelAccountId}/notify`;
}

/** The 503 a buyer sees when WeChat Pay cannot be reached: nothing was stored, trying again is safe. */
export function providerUnavailable(error: unknown): DomainError {
  return new DomainError(
    503,
    'payment_provider_unavailable',
    `WeChat Pay is not answering; try again in a moment (${error instanceof Error ? error.message : String(error)})`,
  );
}

/**
 * Starts a buyer's payment: a JSAPI prepay for an order still waiting for payment, its page parameters signed
 * with the merchant key. The WeChat Pay transaction is asked for first and our row written after, so a
 * failure leaves nothing behind; asking again for the same order yields the same prepay and a fresh paySign.
 */
@Injectable()
export class StorePayments {
  private readonly logger = new Logger(StorePayments.name);
  private readonly payments: TenantRepository<StorePaymentRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly orders: StoreOrders,
    private readonly clients: WechatPayClients,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.payments = new TenantRepository(tx, StorePaymentRow, 'payment');
  }

  async create(session: BuyerSession, orderId: Id, requestId: string): Promise<StorePaymentView> {
    const ctx = buyerContext(session, requestId);
    const facts = await this.orders.paymentFacts(session, orderId, requestId);
    const now = this.clock.now();
    assertPayable(facts, now);
    const account = await this.clients.forAccount(ctx, facts.channelAccountId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'wechatpay_not_configured')
        throw new ConflictError('wechatpay_not_configured', 'This shop does not take WeChat Pay yet');
      throw error;
    });
    const existing = await this.payments.findOne(ctx, { orderId });
    if (
      existing?.prepayId &&
      existing.state === 'prepaid' &&
      existing.prepaidAt &&
      now.getTime() - existing.prepaidAt.getTime() < PREPAY_REUSE_MS
    ) {
      return view(facts, existing.prepayId, account.client.jsapiPayParams(existing.prepayId));
    }
    let prepay: Awaited<ReturnType<typeof account.client.jsapiPrepay>>;
    try {
      prepay = await account.client.jsapiPrepay({
        description: facts.description,
        outTradeNo: facts.outTradeNo,
        notifyUrl: notifyUrl(this.config, facts.channelAccountId),
        totalFen: facts.payableFen,
        openid: facts.openid,
        expiresAt: facts.expiresAt,
      });
    } catch (error) {
      throw this.prepayRefused(error, orderId);
    }
    await this.recordPrepay(ctx, session, facts, prepay.prepayId, now, existing === null);
    return view(facts, prepay.prepayId, prepay.payParams);
  }

  private async recordPrepay(
    ctx: RequestContext,
    session: BuyerSession,
    facts: PaymentFacts,
    prepayId: string,
    now: Date,
    firstTime: boolean,
  ): Promise<void> {
    // The usual case, one INSERT; the unique (merchant, order) index turns a race into the general path.
    if (firstTime) {
      try {
        await this.payments.insert(ctx, prepaidRow(session, facts, prepayId, now));
        return;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    await this.tx.run(async () => {
      const row = await this.payments.findOne(ctx, { orderId: facts.orderId });
      if (!row) {
        await this.payments.insert(ctx, prepaidRow(session, facts, prepayId, now));
      } else if (row.state === 'prepaid') {
        row.prepayId = prepayId;
        row.prepaidAt = now;
        await this.payments.save(ctx, row);
      }
    });
  }

  private prepayRefused(error: unknown, orderId: Id): Error {
    if (!(error instanceof WechatPayError)) return error instanceof Error ? error : new Error(String(error));
    if (error.transient || error.code === 'RESPONSE_UNVERIFIED' || error.code === 'BAD_RESPONSE') {
      this.logger.warn({ orderId, code: error.code, err: error.message }, 'WeChat Pay prepay failed');
      return providerUnavailable(error);
    }
    if (error.code === 'ORDERPAID')
      return new ConflictError('order_not_payable', 'This order has already been paid', [
        { field: 'orderId', problem: 'already paid' },
      ]);
    if (error.code === 'ORDER_CLOSED')
      return new ConflictError('payment_window_closed', 'The time to pay this order is over', [
        { field: 'orderId', problem: 'the WeChat Pay transaction is closed' },
      ]);
    this.logger.error({ orderId, code: error.code, err: error.message }, 'WeChat Pay refused a prepay');
    return new DomainError(502, 'payment_provider_refused', `WeChat Pay refused the payment: ${error.code}`);
  }
}

function assertPayable(facts: PaymentFacts, now: Date): void {
  if (facts.status !== 'pending_payment') {
    throw new ConflictError('order_not_payable', `An order that is ${facts.status} takes no payment`, [
      { field: 'orderId', problem: `order is ${facts.status}` },
    ]);
  }
  if (facts.expiresAt.getTime() <= now.getTime()) {
    throw new ConflictError('payment_window_closed', 'The time to pay this order is over', [
      { field: 'orderId', problem: `payable until ${facts.expiresAt.toISOString()}` },
    ]);
  }
}

function prepaidRow(session: BuyerSession, facts: PaymentFacts, prepayId: string, now: Date) {
  return {
    orderId: facts.orderId,
    shopId: session.shopId,
    channelAccountId: facts.channelAccountId,
    state: 'prepaid' as const,
    payableFen: facts.payableFen,
    prepayId,
    prepaidAt: now,
    transactionId: null,
    paidFen: null,
    paidAt: null,
    closedAt: null,
  };
}

function view(facts: PaymentFacts, prepayId: string, params: JsapiPayParams): StorePaymentView {
  return {
    ...params,
    prepayId,
    orderId: facts.orderId,
    payableFen: facts.payableFen,
    expiresAt: facts.expiresAt.toISOString(),
  };
}
