import { MappingSource } from './entities';

export interface MappingState {
  skuId: string | null;
  mappingSource: MappingSource | null;
  outerId: string | null;
}

export interface MappingDecision {
  skuId: string | null;
  mappingSource: MappingSource | null;
}

/**
 * The mapping of a listing after the channel (re)reports it with `outerId`, or null when it stays as it is.
 * Staff decisions (`manual`, mapped or unmapped) are never overridden; an automatic match follows the outer
 * id; `skuIdForCode` finds the merchant's active SKU whose code equals the outer id.
 */
export function rematchListing(
  current: MappingState | null,
  outerId: string | null,
  skuIdForCode: (code: string) => string | null,
): MappingDecision | null {
  if (current?.mappingSource === 'manual') return null;
  if (current?.skuId && current.outerId === outerId) return null;
  const skuId = outerId ? skuIdForCode(outerId) : null;
  if (current && skuId === current.skuId) return null;
  if (!current && !skuId) return { skuId: null, mappingSource: null };
  return { skuId, mappingSource: skuId ? 'auto' : null };
}

/** Whether a newly created SKU may claim this listing whose outer id equals its code. */
export function claimableByNewSku(listing: {
  skuId: string | null;
  mappingSource: MappingSource | null;
}): boolean {
  return listing.skuId === null && listing.mappingSource !== 'manual';
}
