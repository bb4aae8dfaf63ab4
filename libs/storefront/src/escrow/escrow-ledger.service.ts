import { Injectable } from '@nestjs/common';
import { ShopsService } from '@tongdao/identity';
import { Clock, Id, Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { SettlementEntryView, SettlementLedger, SettlementSlice } from '@tongdao/orders';
import { payoutAt, payoutCutoff } from './payout-calendar';

export const LEDGER_STATES = ['held', 'releasable', 'settled'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

export interface EscrowLedgerView {
  shopId: string | null;
  /** The instant the figures describe. */
  asOf: string;
  /** Releases before this instant were paid out (today's 00:00 Beijing time, as UTC). */
  payoutCutoff: string;
  /** When what is releasable now will be paid out. */
  nextPayoutAt: string;
  /** In escrow: paid, not yet confirmed by the buyer or auto-confirmed; minus refunds. */
  heldFen: number;
  /** Released from escrow today (Beijing date), paid out at the next midnight. */
  releasableFen: number;
  /** Released before today: already paid out to the merchant. */
  settledFen: number;
  counts: Record<LedgerState, number>;
}

export interface EscrowEntryView extends SettlementEntryView {
  ledgerState: LedgerState;
  /** Null while held. */
  payoutAt: string | null;
}

/**
 * The merchant's guarantee-transaction ledger, read from the order desk's settlement states and put on the
 * T+1 payout calendar. Read-only: settlement itself (held → settled) belongs to the orders context.
 */
@Injectable()
export class EscrowLedger {
  constructor(
    private readonly ledger: SettlementLedger,
    private readonly shops: ShopsService,
    private readonly clock: Clock,
  ) {}

  async summary(ctx: RequestContext, filter: { shopId?: Id }, asOf?: Date): Promise<EscrowLedgerView> {
    if (filter.shopId) await this.shops.get(ctx, filter.shopId);
    const now = asOf ?? this.clock.now();
    const [held, releasable, settled] = await Promise.all(
      LEDGER_STATES.map((state) => this.ledger.totals(ctx, slice(state, filter.shopId, now))),
    );
    return {
      shopId: filter.shopId ?? null,
      asOf: now.toISOString(),
      payoutCutoff: payoutCutoff(now).toISOString(),
      nextPayoutAt: payoutAt(now).toISOString(),
      heldFen: held.amountFen,
      releasableFen: releasable.amountFen,
      settledFen: settled.amountFen,
      counts: { held: held.count, releasable: releasable.count, settled: settled.count },
    };
  }

  async entries(
    ctx: RequestContext,
    filter: { shopId?: Id; state: LedgerState },
    page: PageQuery,
    asOf?: Date,
  ): Promise<Page<EscrowEntryView>> {
    if (filter.shopId) await this.shops.get(ctx, filter.shopId);
    const now = asOf ?? this.clock.now();
    const result = await this.ledger.entries(ctx, slice(filter.state, filter.shopId, now), page);
    return {
      nextCursor: result.nextCursor,
      items: result.items.map((entry) => ({
        ...entry,
        ledgerState: filter.state,
        payoutAt: entry.settledAt ? payoutAt(new Date(entry.settledAt)).toISOString() : null,
      })),
    };
  }
}

function slice(state: LedgerState, shopId: Id | undefined, now: Date): SettlementSlice {
  const cutoff = payoutCutoff(now);
  switch (state) {
    case 'held':
      return { state: 'held', shopId };
    case 'releasable':
      return { state: 'settled', shopId, settledFrom: cutoff };
    case 'settled':
      return { state: 'settled', shopId, settledBefore: cutoff };
  }
}
