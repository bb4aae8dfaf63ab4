import { Attributes, MappingSource, SkuStatus } from './entities';

/**
 * Outbox events of the catalog. aggregateType is `sku` or `listing`, aggregateId the sku/listing id.
 * Consumers get the state after the change, so they need not read back.
 */
export const CATALOG_EVENTS = {
  skuCreated: 'catalog.sku_created',
  skuUpdated: 'catalog.sku_updated',
  listingMapped: 'catalog.listing_mapped',
  listingUnmapped: 'catalog.listing_unmapped',
} as const;

export interface SkuEventPayload {
  skuId: string;
  productId: string;
  code: string;
  priceFen: number;
  attributes: Attributes;
  barcode: string | null;
  weightGrams: number | null;
  status: SkuStatus;
  /** catalog.sku_updated only: names of the fields that changed. */
  changed?: string[];
}

export interface ListingEventPayload {
  listingId: string;
  channelAccountId: string;
  channelType: string;
  channelItemId: string;
  /** null for an item without SKU variants. */
  channelSkuId: string | null;
  outerId: string | null;
  /** mapped: the SKU it now sells; unmapped: null. */
  skuId: string | null;
  /** The SKU it sold before this change (null if none). */
  previousSkuId: string | null;
  source: MappingSource;
}
