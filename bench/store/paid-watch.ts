import { must } from './shop-setup';

const POLL_MS = 10;
/** A buyer not seen among the newest after this long is looked up on its own (a late retry, a big race). */
const STRAGGLER_MS = 1_000;

type Sent = Array<{ outTradeNo: string; attempts: Array<{ status?: number }> }>;

/**
 * Tells when the api has answered the sandbox's payment notification for an order (the delivery log shows an
 * attempt answered 200/204). One poll of the merchant's newest acknowledged notifications every POLL_MS serves
 * every waiting buyer: a poll per buyer per 10 ms made the sandbox and this process take a third of the
 * machine the api is being measured on.
 */
export class PaidWatch {
  private readonly waiting = new Map<string, { since: number; done: () => void }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sandbox: string,
    private readonly mchid: string,
  ) {}

  /** Resolves true once answered, false after `timeoutMs`. */
  paid(outTradeNo: string, timeoutMs = 30_000): Promise<boolean> {
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.waiting.delete(outTradeNo);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timeout);
        resolve(true);
      };
      this.waiting.set(outTradeNo, { since: performance.now(), done });
      this.timer ??= setTimeout(() => void this.poll(), POLL_MS);
    });
  }

  private async poll(): Promise<void> {
    try {
      const limit = Math.min(20_000, Math.max(100, this.waiting.size * 4));
      this.settle(await this.sent(`state=acknowledged&limit=${limit}`));
      const late = [...this.waiting].filter(([, w]) => performance.now() - w.since > STRAGGLER_MS);
      for (const [outTradeNo] of late.slice(0, 5)) this.settle(await this.sent(`outTradeNo=${outTradeNo}`));
    } finally {
      this.timer = this.waiting.size > 0 ? setTimeout(() => void this.poll(), POLL_MS) : null;
    }
  }

  private async sent(filter: string): Promise<Sent> {
    const log = await must(
      'GET',
      `${this.sandbox}/_sandbox/wechatpay/notifications?mchid=${this.mchid}&${filter}`,
    );
    return log.notifications as Sent;
  }

  private settle(sent: Sent): void {
    for (const n of sent) {
      const waiter = this.waiting.get(n.outTradeNo);
      if (waiter && n.attempts.some((a) => a.status === 200 || a.status === 204)) {
        this.waiting.delete(n.outTradeNo);
        waiter.done();
      }
    }
  }
}
