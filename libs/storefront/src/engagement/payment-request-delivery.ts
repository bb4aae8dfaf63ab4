import { Injectable, Logger } from '@nestjs/common';
import { WechatCustomerMessages } from '@tongdao/channels';
import { AppConfig } from '@tongdao/config';
import { DomainError, RequestContext, fenToYuan } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { PaymentRequestRow } from './payment-request.entity';
import { paymentRequestUrl } from './payment-request.view';

const MAX_ERROR_LENGTH = 200;

/**
 * Pushes a payment request's link to its buyer as a WeChat customer-service text. A refusal (no open
 * service window, WeChat down) does not undo the request: it stays open, marked `failed`, for staff to
 * resend once the buyer has written to the account again.
 */
@Injectable()
export class PaymentRequestDelivery {
  private readonly logger = new Logger(PaymentRequestDelivery.name);
  private readonly requests: TenantRepository<PaymentRequestRow>;

  constructor(
    tx: TransactionRunner,
    private readonly messages: WechatCustomerMessages,
    private readonly config: AppConfig,
  ) {
    this.requests = new TenantRepository(tx, PaymentRequestRow, 'payment request');
  }

  async deliver(ctx: RequestContext, row: PaymentRequestRow, shopName: string): Promise<PaymentRequestRow> {
    let failure: string | null = null;
    try {
      await this.messages.send(ctx, row.customerId, {
        text: messageText(row, shopName, paymentRequestUrl(this.config.publicUrl, row)),
        channelAccountId: row.channelAccountId,
      });
    } catch (error) {
      failure = describe(error);
      this.logger.warn({ paymentRequestId: row.id, err: failure }, 'payment request link not delivered');
    }
    row.delivery = failure === null ? 'sent' : 'failed';
    row.deliveryError = failure;
    row.deliveryAttempts += 1;
    return this.requests.save(ctx, row);
  }
}

/** The text the buyer reads in WeChat: who asks, for what, how much, and the link. */
export function messageText(row: PaymentRequestRow, shopName: string, url: string): string {
  const first = row.lines[0]?.title ?? '';
  const more = row.lines.length > 1 ? ` 等${row.lines.length}件商品` : '';
  const note = row.note ? `\n${row.note}` : '';
  return `【${shopName}】为您准备了订单：${first}${more}，共¥${fenToYuan(row.totalFen)}。${note}\n点击付款：${url}`;
}

function describe(error: unknown): string {
  const text =
    error instanceof DomainError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : 'unknown error';
  return text.slice(0, MAX_ERROR_LENGTH);
}
