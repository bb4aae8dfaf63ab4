import { claimableByNewSku, rematchListing } from './auto-match';

const skus: Record<string, string> = { 'A-1': 'sku-a', 'B-1': 'sku-b' };
const lookup = (code: string): string | null => skus[code] ?? null;

describe('listing auto-match', () => {
  it('matches a new listing on outer id = SKU code', () => {
    expect(rematchListing(null, 'A-1', lookup)).toEqual({ skuId: 'sku-a', mappingSource: 'auto' });
    expect(rematchListing(null, 'ZZZ', lookup)).toEqual({ skuId: null, mappingSource: null });
    expect(rematchListing(null, null, lookup)).toEqual({ skuId: null, mappingSource: null });
  });

  it('keeps an automatic match while the outer id stays, follows it when it changes', () => {
    const auto = { skuId: 'sku-a', mappingSource: 'auto' as const, outerId: 'A-1' };
    expect(rematchListing(auto, 'A-1', lookup)).toBeNull();
    expect(rematchListing(auto, 'B-1', lookup)).toEqual({ skuId: 'sku-b', mappingSource: 'auto' });
    expect(rematchListing(auto, 'GONE', lookup)).toEqual({ skuId: null, mappingSource: null });
  });

  it('matches an undecided listing once its SKU exists', () => {
    const waiting = { skuId: null, mappingSource: null, outerId: 'A-1' };
    expect(rematchListing(waiting, 'A-1', lookup)).toEqual({ skuId: 'sku-a', mappingSource: 'auto' });
    expect(rematchListing({ ...waiting, outerId: 'ZZZ' }, 'ZZZ', lookup)).toBeNull();
  });

  it('never overrides a staff decision', () => {
    expect(
      rematchListing({ skuId: 'sku-b', mappingSource: 'manual', outerId: 'A-1' }, 'A-1', lookup),
    ).toBeNull();
    expect(rematchListing({ skuId: null, mappingSource: 'manual', outerId: null }, 'A-1', lookup)).toBeNull();
    expect(claimableByNewSku({ skuId: null, mappingSource: 'manual' })).toBe(false);
    expect(claimableByNewSku({ skuId: null, mappingSource: null })).toBe(true);
    expect(claimableByNewSku({ skuId: 'x', mappingSource: 'auto' })).toBe(false);
  });
});
