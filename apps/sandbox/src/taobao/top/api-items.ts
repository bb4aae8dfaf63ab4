import { Injectable } from '@nestjs/common';
import { Item, Sku } from '../state/model';
import { TaobaoStore } from '../state/store';
import { formatGmt8 } from '../wire/gmt8';
import { TopList, TopObject } from '../wire/render';
import { ApiCall, ApiGroup, ApiMethod, idParam, intParam } from './api';
import { topErrors } from './errors';

@Injectable()
export class ItemApis implements ApiGroup {
  constructor(private readonly store: TaobaoStore) {}

  methods(): ApiMethod[] {
    return [
      { name: 'taobao.item.quantity.update', needsSession: true, handle: (call) => this.quantity(call) },
    ];
  }

  /** PROTOCOLS §3.9: type 1 sets the stock, type 2 adds to it (never below zero); sku_id wins over outer_id. */
  private quantity({ params, session, app }: ApiCall): TopObject {
    const numIid = idParam(params, 'num_iid');
    const type = intParam(params, 'type', { min: 1, max: 2, fallback: 1 }) as 1 | 2;
    const quantity = intParam(params, 'quantity', {
      min: type === 1 ? 0 : -1_000_000_000,
      max: 1_000_000_000,
    });
    const item = this.store.items.get(numIid.toString());
    if (!item || item.sellerNick !== session!.sellerNick) {
      throw topErrors.business('isv.item-not-exist', `item ${numIid} does not exist`);
    }
    const sku = this.targetSku(item, params);
    const current = sku ? sku.quantity : item.quantity;
    const resulting = type === 1 ? quantity : current + quantity;
    if (resulting < 0) {
      throw topErrors.business('isv.item-quantity-update-error', `stock would become ${resulting}`);
    }
    const now = this.store.now();
    if (sku) {
      sku.quantity = resulting;
      sku.modified = now;
      item.quantity = item.skus.reduce((sum, s) => sum + s.quantity, 0);
    } else {
      item.quantity = resulting;
    }
    item.modified = now;
    this.store.quantityChanges.push({
      at: formatGmt8(now),
      numIid: item.numIid.toString(),
      skuId: sku?.skuId,
      type,
      quantity,
      resulting,
      appKey: app.appKey,
    });
    const out: TopObject = { num_iid: item.numIid, num: item.quantity, modified: formatGmt8(item.modified) };
    if (sku) {
      out.skus = new TopList('sku', [
        { sku_id: Number(sku.skuId), quantity: sku.quantity, modified: formatGmt8(sku.modified) },
      ]);
    }
    return { item: out };
  }

  private targetSku(item: Item, params: Record<string, string>): Sku | undefined {
    if (params.sku_id) {
      const sku = item.skus.find((s) => s.skuId === params.sku_id);
      if (!sku)
        throw topErrors.business('isv.sku-not-exist', `sku ${params.sku_id} is not on item ${item.numIid}`);
      return sku;
    }
    if (params.outer_id) {
      const sku = item.skus.find((s) => s.outerId === params.outer_id);
      if (!sku) throw topErrors.business('isv.sku-not-exist', `no sku with outer_id ${params.outer_id}`);
      return sku;
    }
    if (item.skus.length) {
      throw topErrors.missingParam('sku_id');
    }
    return undefined;
  }
}
