import type { AfterSaleRow } from './after-sale.entity';

export interface AfterSaleView {
  id: string;
  orderId: string;
  lineId: string;
  shopId: string;
  kind: string;
  status: string;
  quantity: number;
  amountFen: number;
  reason: string;
  source: string;
  channelRefundId: string | null;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
  receivedQuantity: number;
  restockedQuantity: number;
  refundedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function afterSaleView(row: AfterSaleRow): AfterSaleView {
  return {
    id: row.id,
    orderId: row.orderId,
    lineId: row.lineId,
    shopId: row.shopId,
    kind: row.kind,
    status: row.status,
    quantity: row.quantity,
    amountFen: row.amountFen,
    reason: row.reason,
    source: row.source,
    channelRefundId: row.channelRefundId,
    requestedBy: row.requestedBy,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    rejectReason: row.rejectReason,
    receivedQuantity: row.receivedQuantity,
    restockedQuantity: row.restockedQuantity,
    refundedAt: row.refundedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
