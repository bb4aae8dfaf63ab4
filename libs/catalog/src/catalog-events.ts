import { Injectable } from '@nestjs/common';
import { EventOutbox, RequestContext } from '@tongdao/kernel';
import { ChannelListing, MappingSource, Sku } from './entities';
import { CATALOG_EVENTS, ListingEventPayload, SkuEventPayload } from './events';

/** Writes the catalog's outbox events; callers are inside the transaction of the change. */
@Injectable()
export class CatalogEventWriter {
  constructor(private readonly outbox: EventOutbox) {}

  async skuCreated(ctx: RequestContext, sku: Sku): Promise<void> {
    await this.outbox.record(ctx, {
      type: CATALOG_EVENTS.skuCreated,
      aggregateType: 'sku',
      aggregateId: sku.id,
      payload: skuPayload(sku),
    });
  }

  async skuUpdated(ctx: RequestContext, sku: Sku, changed: string[]): Promise<void> {
    await this.outbox.record(ctx, {
      type: CATALOG_EVENTS.skuUpdated,
      aggregateType: 'sku',
      aggregateId: sku.id,
      payload: { ...skuPayload(sku), changed },
    });
  }

  /** mapped or unmapped, decided by the listing's skuId after the change. */
  async listingChanged(
    ctx: RequestContext,
    listing: ChannelListing,
    previousSkuId: string | null,
    source: MappingSource,
  ): Promise<void> {
    const payload: ListingEventPayload = {
      listingId: listing.id,
      channelAccountId: listing.channelAccountId,
      channelType: listing.channelType,
      channelItemId: listing.channelItemId,
      channelSkuId: listing.channelSkuId === '' ? null : listing.channelSkuId,
      outerId: listing.outerId,
      skuId: listing.skuId,
      previousSkuId,
      source,
    };
    await this.outbox.record(ctx, {
      type: listing.skuId ? CATALOG_EVENTS.listingMapped : CATALOG_EVENTS.listingUnmapped,
      aggregateType: 'listing',
      aggregateId: listing.id,
      payload,
    });
  }
}

function skuPayload(sku: Sku): SkuEventPayload {
  return {
    skuId: sku.id,
    productId: sku.productId,
    code: sku.code,
    priceFen: sku.priceFen,
    attributes: sku.attributes,
    barcode: sku.barcode,
    weightGrams: sku.weightGrams,
    status: sku.status,
  };
}
