import { OrderLineRow, OrderReceiver, OrderRow } from './entities';

export interface OrderLineView {
  id: string;
  externalLineId: string;
  skuId: string | null;
  mapped: boolean;
  channelItemId: string;
  channelSkuId: string | null;
  outerId: string | null;
  title: string;
  quantity: number;
  shippedQuantity: number;
  /** Units refunded before shipping; they will not ship. */
  cancelledQuantity: number;
  unitPriceFen: number;
  totalFen: number;
  stock: OrderLineRow['stock'];
}

export interface OrderView {
  id: string;
  shopId: string;
  channelAccountId: string;
  channelType: string;
  externalOrderId: string;
  status: string;
  channelStatus: string;
  customerId: string | null;
  buyerName: string | null;
  receiver: OrderReceiver;
  itemsFen: number;
  shippingFen: number;
  discountFen: number;
  paidFen: number;
  refundedFen: number;
  payment: OrderRow['payment'];
  placedAt: string;
  channelVersion: string;
  buyerMessage: string | null;
  sellerMemo: string | null;
  sellerFlag: number;
  tags: string[];
  assignedStaffId: string | null;
  hasUnmappedLines: boolean;
  hasStockShortLines: boolean;
  /** open: an after-sale awaits a decision, goods or money; closed: all settled; null: none ever. */
  afterSaleState: OrderRow['afterSaleState'];
  /** Guarantee transaction (担保交易): funds held from payment, settled on confirmation or at settleAt. */
  settlement: {
    state: OrderRow['settlementState'];
    deliveredAt: string | null;
    settleAt: string | null;
    settledAt: string | null;
  };
  /** True when buyer data is masked for this viewer (cs_agent without customer.read_pii). */
  piiMasked: boolean;
  lines?: OrderLineView[];
  updatedAt: string;
}

export function orderView(o: OrderRow, lines: OrderLineView[]): OrderView {
  return {
    id: o.id,
    shopId: o.shopId,
    channelAccountId: o.channelAccountId,
    channelType: o.channelType,
    externalOrderId: o.externalOrderId,
    status: o.status,
    channelStatus: o.channelStatus,
    customerId: o.customerId,
    buyerName: o.buyerName,
    receiver: o.receiver,
    itemsFen: o.itemsFen,
    shippingFen: o.shippingFen,
    discountFen: o.discountFen,
    paidFen: o.paidFen,
    refundedFen: o.refundedFen,
    payment: o.payment,
    placedAt: o.placedAt.toISOString(),
    channelVersion: o.channelVersion.toISOString(),
    buyerMessage: o.buyerMessage,
    sellerMemo: o.sellerMemo,
    sellerFlag: o.sellerFlag,
    tags: o.tags,
    assignedStaffId: o.assignedStaffId,
    hasUnmappedLines: o.hasUnmappedLines,
    hasStockShortLines: o.hasStockShortLines,
    afterSaleState: o.afterSaleState,
    settlement: {
      state: o.settlementState,
      deliveredAt: o.deliveredAt?.toISOString() ?? null,
      settleAt: o.settleAt?.toISOString() ?? null,
      settledAt: o.settledAt?.toISOString() ?? null,
    },
    piiMasked: false,
    ...(lines.length > 0 ? { lines } : {}),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function lineView(line: OrderLineRow): OrderLineView {
  return {
    id: line.id,
    externalLineId: line.externalLineId,
    skuId: line.skuId,
    mapped: line.skuId !== null,
    channelItemId: line.channelItemId,
    channelSkuId: line.channelSkuId,
    outerId: line.outerId,
    title: line.title,
    quantity: line.quantity,
    shippedQuantity: line.shippedQuantity,
    cancelledQuantity: line.cancelledQuantity,
    unitPriceFen: line.unitPriceFen,
    totalFen: line.totalFen,
    stock: line.stock,
  };
}
