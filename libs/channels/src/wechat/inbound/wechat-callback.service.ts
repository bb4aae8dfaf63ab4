import { Injectable, Logger } from '@nestjs/common';
import { Id, JobQueue, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner, insertRows, isUniqueViolation } from '@tongdao/persistence';
import { CallbackAccount, WechatCallbackAccounts } from './callback-accounts';
import { CallbackQuery, assertSignature, openPush, sealReply } from './callback-codec';
import { InboundPush, readPush } from './inbound-push';
import { WechatInboundMessageRow } from './inbound.entities';
import { WechatProductReply } from './product-reply';
import { matchRule } from './reply-matcher';
import { WechatReplyRules } from './reply-rules.service';
import { textReplyXml } from './wechat-xml';

export const WECHAT_INBOUND_JOB = 'wechat.inbound';

/** The passive reply must leave well inside WeChat's 5 s; past this, the push is acknowledged without one. */
const REPLY_BUDGET_MS = 2500;

export interface CallbackAnswer {
  contentType: string;
  body: string;
}

/**
 * The callback URL's work inside the request: verify, store the push in one INSERT, queue it, and answer
 * (a keyword reply when a rule matches, else `success`). Followers and events are handled by the job.
 */
@Injectable()
export class WechatCallbacks {
  private readonly logger = new Logger(WechatCallbacks.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly accounts: WechatCallbackAccounts,
    private readonly rules: WechatReplyRules,
    private readonly productReply: WechatProductReply,
    private readonly queue: JobQueue,
  ) {}

  /** GET URL verification (§1.1): the echostr back, verbatim. */
  async verifyUrl(accountId: string, query: CallbackQuery): Promise<string> {
    const account = await this.accounts.load(accountId);
    assertSignature(account, query);
    return query.echostr ?? '';
  }

  async receive(accountId: string, query: CallbackQuery, body: string): Promise<CallbackAnswer> {
    const account = await this.accounts.load(accountId);
    assertSignature(account, query);
    const opened = openPush(account, query, body);
    const push = readPush(opened.fields);
    const { merchantId, channelAccountId } = account.credentials;
    const ctx = RequestContext.system(merchantId, `wechat-push:${channelAccountId}`);
    const replyText = await this.replyFor(ctx, channelAccountId, push);
    await this.store(ctx, account, push, replyText);
    if (replyText === null) return { contentType: 'text/plain', body: 'success' };
    const now = new Date();
    const xml = textReplyXml(push.openid, push.toUser, replyText, now);
    return { contentType: 'text/xml', body: opened.encrypted ? sealReply(account, xml, now) : xml };
  }

  private async store(
    ctx: RequestContext,
    account: CallbackAccount,
    push: InboundPush,
    replyText: string | null,
  ): Promise<void> {
    const now = new Date();
    const row = Object.assign(new WechatInboundMessageRow(), {
      id: newId(),
      merchantId: ctx.tenantId,
      channelAccountId: account.credentials.channelAccountId,
      dedupKey: push.dedupKey,
      openid: push.openid,
      msgType: push.msgType,
      event: push.event,
      eventKey: push.eventKey,
      content: push.content,
      fields: push.fields,
      sentAt: push.sentAt,
      status: 'received',
      customerId: null,
      replyText,
      createdAt: now,
      updatedAt: now,
    } satisfies Partial<WechatInboundMessageRow>);
    try {
      await insertRows(this.tx.manager(), WechatInboundMessageRow, [row]);
      await this.enqueue(ctx.tenantId, row.id);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // WeChat retried (or duplicated) the push: answered again, processed once. A copy whose job was never
      // queued (the first attempt failed after the INSERT) is queued now.
      const first = await this.tx.manager().findOne(WechatInboundMessageRow, {
        where: { channelAccountId: account.credentials.channelAccountId, dedupKey: push.dedupKey },
        select: { id: true, status: true },
      });
      if (first?.status === 'received') await this.enqueue(ctx.tenantId, first.id);
    }
  }

  private async enqueue(merchantId: Id, messageId: Id): Promise<void> {
    await this.queue.enqueue(
      WECHAT_INBOUND_JOB,
      { merchantId, messageId },
      { jobId: `wechat-inbound:${messageId}` },
    );
  }

  /** The keyword reply for a text message, or null (no rule, not text, or no answer inside the budget). */
  private async replyFor(ctx: RequestContext, accountId: Id, push: InboundPush): Promise<string | null> {
    if (push.msgType !== 'text' || !push.content) return null;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), REPLY_BUDGET_MS);
    });
    try {
      return await Promise.race([this.decideReply(ctx, accountId, push.content), late]);
    } catch (error) {
      this.logger.warn({ err: String(error), accountId }, 'auto-reply failed; acknowledging without one');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private async decideReply(ctx: RequestContext, accountId: Id, content: string): Promise<string | null> {
    const hit = matchRule(await this.rules.active(ctx, accountId), content);
    if (!hit) return null;
    if (hit.rule.replyKind === 'text') return hit.rule.replyText;
    return this.productReply.text(ctx, hit.term, hit.rule.replyText);
  }
}
