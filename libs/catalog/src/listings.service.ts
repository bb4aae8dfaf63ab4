import { isUniqueViolation } from '@tongdao/persistence';
import { Injectable } from '@nestjs/common';
import { Id, Page, PageQuery, RequestContext, pageSize, toPage } from '@tongdao/kernel';
import { AuditLog } from '@tongdao/identity';
import { TransactionRunner } from '@tongdao/persistence';
import { In, IsNull } from 'typeorm';
import { claimableByNewSku, rematchListing } from './auto-match';
import { CatalogEventWriter } from './catalog-events';
import { ChannelAccountDirectory, ChannelType } from './channel-account-directory';
import { ChannelListing, Sku } from './entities';
import { CatalogRepositories } from './repositories';
import { Problems, externalIdProblem, titleProblem } from './rules';
import { ListingView, listingView } from './views';

export const MAX_LISTINGS_PER_UPSERT = 500;

/** One sellable thing as a channel reports it. */
export interface ChannelListingInput {
  channelItemId: string;
  /** Absent for an item without SKU variants. */
  channelSkuId?: string | null;
  /** The merchant's code the seller typed on the platform (商家编码); matched against SKU codes. */
  outerId?: string | null;
  title?: string | null;
}

export interface ListingUpsertResult extends ListingView {
  created: boolean;
}

export interface ListingQuery extends PageQuery {
  state?: 'mapped' | 'unmapped';
  channelAccountId?: string;
}

/** Where one merchant SKU is on sale: what the stock push needs per channel. */
export interface SkuListing {
  listingId: Id;
  skuId: Id;
  channelAccountId: Id;
  channelType: ChannelType;
  channelItemId: string;
  channelSkuId: string | null;
}

export interface ResolvedSku {
  skuId: Id;
  /** null when resolved by outer id alone (the listing is not known yet). */
  listingId: Id | null;
  via: 'listing' | 'outer_id';
}

/**
 * Channel listings and their mapping to merchant SKUs. Channel adapters (system context) call upsert and
 * resolve; staff map and unmap; inventory asks where a SKU is listed.
 */
@Injectable()
export class ListingsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repos: CatalogRepositories,
    private readonly events: CatalogEventWriter,
    private readonly directory: ChannelAccountDirectory,
    private readonly audit: AuditLog,
  ) {}

  /** Creates or refreshes listings by (account, item, sku), auto-matching them on outer id = SKU code. */
  async upsertListings(
    ctx: RequestContext,
    channelAccountId: Id,
    items: ChannelListingInput[],
  ): Promise<ListingUpsertResult[]> {
    const account = await this.directory.get(ctx, channelAccountId);
    const inputs = normaliseInputs(items);
    try {
      return await this.tx.run(() => this.upsertInTx(ctx, account.id, account.type, inputs));
    } catch (error) {
      // Two syncs of one account raced on a new listing; the second pass sees the first one's rows.
      if (!isUniqueViolation(error)) throw error;
      return this.tx.run(() => this.upsertInTx(ctx, account.id, account.type, inputs));
    }
  }

  private async upsertInTx(
    ctx: RequestContext,
    accountId: Id,
    channelType: ChannelType,
    inputs: NormalisedInput[],
  ): Promise<ListingUpsertResult[]> {
    const existing = await this.repos.listings.find(ctx, {
      channelAccountId: accountId,
      channelItemId: In([...new Set(inputs.map((i) => i.channelItemId))]),
    });
    const byKey = new Map(existing.map((l) => [listingKey(l.channelItemId, l.channelSkuId), l]));
    const codes = inputs.map((i) => i.outerId).filter((c): c is string => c !== null);
    const skuIdByCode = await this.activeSkuIdsByCode(ctx, codes);
    const lookup = (code: string): string | null => skuIdByCode.get(code) ?? null;

    const results: ListingUpsertResult[] = [];
    const fresh: ChannelListing[] = [];
    const now = new Date();
    for (const input of inputs) {
      const current = byKey.get(listingKey(input.channelItemId, input.channelSkuId));
      const decision = rematchListing(current ?? null, input.outerId, lookup);
      if (!current) {
        const listing = this.repos.listings.create(ctx, {
          channelAccountId: accountId,
          channelType,
          channelItemId: input.channelItemId,
          channelSkuId: input.channelSkuId,
          outerId: input.outerId,
          title: input.title,
          skuId: decision?.skuId ?? null,
          mappingSource: decision?.mappingSource ?? null,
          mappedAt: decision?.skuId ? now : null,
        });
        fresh.push(listing);
        byKey.set(listingKey(listing.channelItemId, listing.channelSkuId), listing);
        if (listing.skuId) await this.events.listingChanged(ctx, listing, null, 'auto');
        results.push({ ...listingView(listing), created: true });
        continue;
      }
      const previousSkuId = current.skuId;
      const changed = current.outerId !== input.outerId || current.title !== input.title || decision !== null;
      current.outerId = input.outerId;
      current.title = input.title;
      if (decision) {
        current.skuId = decision.skuId;
        current.mappingSource = decision.mappingSource;
        current.mappedAt = decision.skuId ? now : null;
      }
      if (changed) {
        await this.repos.listings.updateFields(ctx, current.id, {
          outerId: current.outerId,
          title: current.title,
          skuId: current.skuId,
          mappingSource: current.mappingSource,
          mappedAt: current.mappedAt,
        });
        current.updatedAt = now;
      }
      if (decision) await this.events.listingChanged(ctx, current, previousSkuId, 'auto');
      results.push({ ...listingView(current), created: false });
    }
    await this.repos.listings.insertMany(ctx, fresh);
    if (ctx.actor?.kind === 'staff') {
      await this.audit.record(ctx, {
        action: 'catalog.listings.upsert',
        targetType: 'channel_account',
        targetId: accountId,
        summary: {
          received: inputs.length,
          created: fresh.length,
          mapped: results.filter((r) => r.skuId).length,
        },
      });
    }
    return results;
  }

  /** Called when SKUs come into being: they claim the undecided listings whose outer id is their code. */
  async autoMatchNewSkus(ctx: RequestContext, skus: Pick<Sku, 'id' | 'code'>[]): Promise<number> {
    if (skus.length === 0) return 0;
    const skuIdByCode = new Map(skus.map((s) => [s.code, s.id]));
    const candidates = await this.repos.listings.findIn(ctx, 'outerId', [...skuIdByCode.keys()]);
    const now = new Date();
    let mapped = 0;
    for (const listing of candidates) {
      const skuId = listing.outerId ? skuIdByCode.get(listing.outerId) : undefined;
      if (!skuId || !claimableByNewSku(listing)) continue;
      listing.skuId = skuId;
      listing.mappingSource = 'auto';
      listing.mappedAt = now;
      await this.repos.listings.updateFields(ctx, listing.id, {
        skuId,
        mappingSource: 'auto',
        mappedAt: now,
      });
      await this.events.listingChanged(ctx, listing, null, 'auto');
      mapped += 1;
    }
    return mapped;
  }

  /** Staff: this listing sells that SKU. Sticks: auto-matching will not change it again. */
  async map(ctx: RequestContext, listingId: Id, skuId: Id): Promise<ListingView> {
    return this.tx.run(async () => {
      const listing = await this.repos.listings.getById(ctx, listingId);
      const sku = await this.repos.skus.getById(ctx, skuId);
      const previousSkuId = listing.skuId;
      listing.skuId = sku.id;
      listing.mappingSource = 'manual';
      listing.mappedAt = new Date();
      await this.repos.listings.save(ctx, listing);
      if (previousSkuId !== sku.id) await this.events.listingChanged(ctx, listing, previousSkuId, 'manual');
      await this.audit.record(ctx, {
        action: 'catalog.listing.map',
        targetType: 'listing',
        targetId: listing.id,
        summary: { skuId: [previousSkuId, sku.id], skuCode: sku.code },
      });
      return listingView(listing);
    });
  }

  /** Staff: this listing sells nothing of ours (yet). Also sticks. */
  async unmap(ctx: RequestContext, listingId: Id): Promise<ListingView> {
    return this.tx.run(async () => {
      const listing = await this.repos.listings.getById(ctx, listingId);
      const previousSkuId = listing.skuId;
      listing.skuId = null;
      listing.mappingSource = 'manual';
      listing.mappedAt = null;
      await this.repos.listings.save(ctx, listing);
      if (previousSkuId) await this.events.listingChanged(ctx, listing, previousSkuId, 'manual');
      await this.audit.record(ctx, {
        action: 'catalog.listing.unmap',
        targetType: 'listing',
        targetId: listing.id,
        summary: { skuId: [previousSkuId, null] },
      });
      return listingView(listing);
    });
  }

  async get(ctx: RequestContext, listingId: Id): Promise<ListingView> {
    return listingView(await this.repos.listings.getById(ctx, listingId));
  }

  async list(ctx: RequestContext, query: ListingQuery): Promise<Page<ListingView>> {
    const limit = pageSize(query);
    const qb = this.repos.listings.query(ctx, 'l');
    if (query.channelAccountId)
      qb.andWhere('l.channelAccountId = :account', { account: query.channelAccountId });
    if (query.state === 'mapped') qb.andWhere('l.skuId IS NOT NULL');
    if (query.state === 'unmapped') qb.andWhere('l.skuId IS NULL');
    if (query.cursor) qb.andWhere('l.id < :cursor', { cursor: query.cursor });
    const rows = await qb
      .orderBy('l.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, listingView);
  }

  /**
   * The merchant SKU a channel line sells: by its listing's mapping, else (listing unknown or undecided)
   * by outer id = an active SKU's code. null when neither says.
   */
  async resolveSku(
    ctx: RequestContext,
    channelAccountId: Id,
    ref: { channelItemId: string; channelSkuId?: string | null; outerId?: string | null },
  ): Promise<ResolvedSku | null> {
    const listing = await this.repos.listings.findOne(ctx, {
      channelAccountId,
      channelItemId: ref.channelItemId,
      channelSkuId: ref.channelSkuId ?? '',
    });
    if (listing?.skuId) return { skuId: listing.skuId, listingId: listing.id, via: 'listing' };
    if (listing?.mappingSource === 'manual' || !ref.outerId) return null;
    const sku = await this.repos.skus.findOne(ctx, { code: ref.outerId, status: 'active' });
    return sku ? { skuId: sku.id, listingId: null, via: 'outer_id' } : null;
  }

  /**
   * `resolveSku` for many channel lines (an ingestion page) in two reads: their listings, then the active
   * SKUs whose code is the outer id of a line no listing maps. Results in input order.
   */
  async resolveSkus(
    ctx: RequestContext,
    channelAccountId: Id,
    refs: ReadonlyArray<{ channelItemId: string; channelSkuId?: string | null; outerId?: string | null }>,
  ): Promise<Array<ResolvedSku | null>> {
    if (refs.length === 0) return [];
    const itemIds = [...new Set(refs.map((r) => r.channelItemId))];
    const listings: ChannelListing[] = [];
    for (let i = 0; i < itemIds.length; i += MAX_LISTINGS_PER_UPSERT) {
      const chunk = itemIds.slice(i, i + MAX_LISTINGS_PER_UPSERT);
      listings.push(...(await this.repos.listings.find(ctx, { channelAccountId, channelItemId: In(chunk) })));
    }
    const byKey = new Map(listings.map((l) => [listingKey(l.channelItemId, l.channelSkuId), l]));
    const found = refs.map((r) => byKey.get(listingKey(r.channelItemId, r.channelSkuId ?? '')));
    const byCode = new Map<string, Id>();
    const codes = refs
      .filter((r, i) => !found[i]?.skuId && found[i]?.mappingSource !== 'manual' && r.outerId)
      .map((r) => r.outerId!);
    if (codes.length > 0) {
      for (const sku of await this.repos.skus.findIn(ctx, 'code', codes)) {
        if (sku.status === 'active') byCode.set(sku.code, sku.id);
      }
    }
    return refs.map((r, i): ResolvedSku | null => {
      const listing = found[i];
      if (listing?.skuId) return { skuId: listing.skuId, listingId: listing.id, via: 'listing' };
      if (listing?.mappingSource === 'manual' || !r.outerId) return null;
      const skuId = byCode.get(r.outerId);
      return skuId ? { skuId, listingId: null, via: 'outer_id' } : null;
    });
  }

  async listingsForSku(ctx: RequestContext, skuId: Id): Promise<SkuListing[]> {
    return this.listingsForSkus(ctx, [skuId]);
  }

  /** Every listing of these SKUs, one query per 500 ids. Unknown ids (or another merchant's) give nothing. */
  async listingsForSkus(ctx: RequestContext, skuIds: readonly Id[]): Promise<SkuListing[]> {
    const rows = await this.repos.listings.findIn(ctx, 'skuId', skuIds);
    return rows.map((l) => ({
      listingId: l.id,
      skuId: l.skuId as string,
      channelAccountId: l.channelAccountId,
      channelType: l.channelType as ChannelType,
      channelItemId: l.channelItemId,
      channelSkuId: l.channelSkuId === '' ? null : l.channelSkuId,
    }));
  }

  /** Unmapped listings count per account, for the staff's to-do badge. */
  async unmappedCount(ctx: RequestContext, channelAccountId?: Id): Promise<number> {
    return this.repos.listings.count(ctx, {
      skuId: IsNull(),
      ...(channelAccountId ? { channelAccountId } : {}),
    });
  }

  private async activeSkuIdsByCode(ctx: RequestContext, codes: string[]): Promise<Map<string, string>> {
    const skus = await this.repos.skus.findIn(ctx, 'code', codes);
    return new Map(skus.filter((s) => s.status === 'active').map((s) => [s.code, s.id]));
  }
}

interface NormalisedInput {
  channelItemId: string;
  channelSkuId: string;
  outerId: string | null;
  title: string | null;
}

function listingKey(itemId: string, skuId: string): string {
  return `${itemId}\u0000${skuId}`;
}

/** Validates a batch as a whole (400 with every bad field) and keeps the last report of a duplicated key. */
function normaliseInputs(items: ChannelListingInput[]): NormalisedInput[] {
  const problems = new Problems();
  if (!Array.isArray(items) || items.length === 0) problems.add('items', 'expected at least one listing');
  else if (items.length > MAX_LISTINGS_PER_UPSERT)
    problems.add('items', `at most ${MAX_LISTINGS_PER_UPSERT} per call`);
  problems.throwIfAny();
  const byKey = new Map<string, NormalisedInput>();
  items.forEach((item, i) => {
    const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
    const channelItemId = text(item?.channelItemId) ?? '';
    const channelSkuId = text(item?.channelSkuId) ?? '';
    const outerId = text(item?.outerId);
    const title = text(item?.title);
    problems.add(`items.${i}.channelItemId`, externalIdProblem(channelItemId));
    if (channelSkuId) problems.add(`items.${i}.channelSkuId`, externalIdProblem(channelSkuId));
    if (outerId) problems.add(`items.${i}.outerId`, externalIdProblem(outerId));
    if (title) problems.add(`items.${i}.title`, titleProblem(title));
    byKey.set(listingKey(channelItemId, channelSkuId), { channelItemId, channelSkuId, outerId, title });
  });
  problems.throwIfAny();
  return [...byKey.values()];
}
