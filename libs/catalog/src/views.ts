import {
  AttributeDef,
  Attributes,
  CatalogImport,
  ChannelListing,
  ImportRowError,
  ImportStatus,
  Product,
  Sku,
} from './entities';

export interface ProductView {
  id: string;
  title: string;
  description: string | null;
  status: Product['status'];
  attributeDefs: AttributeDef[] | null;
  createdAt: string;
  updatedAt: string;
}

export interface SkuView {
  id: string;
  productId: string;
  code: string;
  attributes: Attributes;
  priceFen: number;
  barcode: string | null;
  weightGrams: number | null;
  status: Sku['status'];
  createdAt: string;
  updatedAt: string;
}

export interface ListingView {
  id: string;
  channelAccountId: string;
  channelType: string;
  channelItemId: string;
  channelSkuId: string | null;
  outerId: string | null;
  title: string | null;
  skuId: string | null;
  state: 'mapped' | 'unmapped';
  mappingSource: ChannelListing['mappingSource'];
  mappedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImportView {
  id: string;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  unchangedCount: number;
  errorCount: number;
  /** The first MAX_REPORTED_ERRORS row errors; errorCount counts them all. */
  errors: ImportRowError[];
  failureReason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function productView(p: Product): ProductView {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    status: p.status,
    attributeDefs: p.attributeDefs,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function skuView(s: Sku): SkuView {
  return {
    id: s.id,
    productId: s.productId,
    code: s.code,
    attributes: s.attributes,
    priceFen: s.priceFen,
    barcode: s.barcode,
    weightGrams: s.weightGrams,
    status: s.status,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function listingView(l: ChannelListing): ListingView {
  return {
    id: l.id,
    channelAccountId: l.channelAccountId,
    channelType: l.channelType,
    channelItemId: l.channelItemId,
    channelSkuId: l.channelSkuId === '' ? null : l.channelSkuId,
    outerId: l.outerId,
    title: l.title,
    skuId: l.skuId,
    state: l.skuId ? 'mapped' : 'unmapped',
    mappingSource: l.mappingSource,
    mappedAt: l.mappedAt ? l.mappedAt.toISOString() : null,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

export function importView(i: CatalogImport): ImportView {
  return {
    id: i.id,
    status: i.status,
    totalRows: i.totalRows,
    processedRows: i.processedRows,
    createdCount: i.createdCount,
    updatedCount: i.updatedCount,
    unchangedCount: i.unchangedCount,
    errorCount: i.errorCount,
    errors: i.errors,
    failureReason: i.failureReason,
    createdAt: i.createdAt.toISOString(),
    startedAt: i.startedAt ? i.startedAt.toISOString() : null,
    finishedAt: i.finishedAt ? i.finishedAt.toISOString() : null,
  };
}
