/**
 * Allocation: how much of one SKU's sellable pool each channel listing may offer. Pure, integer-only.
 *
 * - share_all: the whole sellable quantity (the default when no rule applies);
 * - percentage: floor(sellable × percent / 100);
 * - fixed_cap: at most `cap` units;
 * then a per-channel safety `buffer` holds back the last N units of the pool from that channel:
 * publishable = max(0, min(ruleQuantity, sellable − buffer)). A buffer therefore bites only when stock runs low,
 * which is what a merchant means by "stop selling the last 2 on Weibo".
 */
export type AllocationMode = 'share_all' | 'percentage' | 'fixed_cap';

export interface AllocationRule {
  id: string;
  skuId: string | null;
  channelAccountId: string | null;
  mode: AllocationMode;
  percent: number | null;
  cap: number | null;
  buffer: number;
}

export interface ListingRef {
  listingId: string;
  channelAccountId: string;
}

export interface ListingAllocation {
  listingId: string;
  channelAccountId: string;
  publishable: number;
  /** The rule that decided the figure; null = default (share all). */
  rule: AllocationRule | null;
}

/** Most specific first: SKU+account, SKU only, account only; none means share all. */
export function ruleFor(
  rules: readonly AllocationRule[],
  skuId: string,
  channelAccountId: string,
): AllocationRule | null {
  const exact = rules.find((r) => r.skuId === skuId && r.channelAccountId === channelAccountId);
  if (exact) return exact;
  const sku = rules.find((r) => r.skuId === skuId && r.channelAccountId === null);
  if (sku) return sku;
  return rules.find((r) => r.skuId === null && r.channelAccountId === channelAccountId) ?? null;
}

export function publishableQuantity(sellable: number, rule: AllocationRule | null): number {
  const pool = Math.max(0, Math.trunc(sellable));
  if (!rule) return pool;
  let quantity = pool;
  if (rule.mode === 'percentage') quantity = Math.floor((pool * clamp(rule.percent ?? 100, 0, 100)) / 100);
  if (rule.mode === 'fixed_cap') quantity = Math.min(pool, Math.max(0, rule.cap ?? 0));
  const buffer = Math.max(0, rule.buffer);
  return Math.max(0, Math.min(quantity, pool - buffer));
}

/** The publishable figure of every listing of one SKU, from the SKU's total sellable and the merchant's rules. */
export function allocate(
  skuId: string,
  sellable: number,
  listings: readonly ListingRef[],
  rules: readonly AllocationRule[],
): ListingAllocation[] {
  return listings.map((listing) => {
    const rule = ruleFor(rules, skuId, listing.channelAccountId);
    return {
      listingId: listing.listingId,
      channelAccountId: listing.channelAccountId,
      publishable: publishableQuantity(sellable, rule),
      rule,
    };
  });
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
