export { OrdersModule, ordersSchema } from './orders.module';
export { OrderIngestion, INGEST_PAGE_SIZE } from './order-ingestion.service';
export { OrderDesk } from './order-desk.service';
export type { OrderDeskQuery } from './order-desk.service';
export type { ChannelOrder, ChannelOrderLine, IngestResult, IngestOutcome } from './channel-order';
export { ORDER_EVENTS } from './order-events';
export type {
  OrderEventPayload,
  OrderEventType,
  OrderShippedPayload,
  OrderCancelledPayload,
  OrderStockShortPayload,
} from './order-events';
export { ORDER_STATUSES, ORDER_TRANSITIONS, assertTransition, canTransition } from './state-machine';
export type { OrderStatus } from './state-machine';
export type { OrderView, OrderLineView } from './views';
export type { OrderReceiver } from './entities';
export { OrderFulfilment } from './order-fulfilment.service';
export { OrderLineMapping } from './order-line-mapping.service';
export type { ShipInput, ShipmentView } from './order-fulfilment.service';
export { OrderDelivery } from './order-delivery.service';
export type { ShipmentRecord } from './order-delivery.service';
export { AfterSales } from './after-sales/after-sales.service';
export type { AfterSaleRequest, AfterSaleQuery } from './after-sales/after-sales.service';
export { AfterSaleRefunds } from './after-sales/after-sale-refunds.service';
export { AFTER_SALE_KINDS, AFTER_SALE_STATUSES } from './after-sales/after-sale.entity';
export type { AfterSaleKind, AfterSaleStatus } from './after-sales/after-sale.entity';
export { AFTER_SALE_EVENTS } from './after-sales/after-sale-events';
export type { AfterSaleEventPayload, AfterSaleEventType } from './after-sales/after-sale-events';
export type { AfterSaleView } from './after-sales/after-sale.view';
export { Settlement, MAX_AUTO_CONFIRM_DAYS } from './settlement/settlement.service';
export type { GuaranteePolicyView } from './settlement/settlement.service';
export { SettlementSweep, SETTLEMENT_SWEEP_JOB } from './settlement/settlement-sweep';
export { SettlementLedger } from './settlement/settlement-ledger';
export type { SettlementSlice, SettlementTotals, SettlementEntryView } from './settlement/settlement-ledger';
export type { OrderSettledPayload } from './order-events';
export { applyDeskFilters } from './desk-query';
export type { OrderDeskFilters } from './desk-query';
export { OrderExports, ORDER_EXPORT_JOB, EXPORT_TTL_MS } from './export/order-exports.service';
export type { OrderExportView } from './export/export.view';
export { EXPORT_COLUMNS } from './export/csv-format';
export { ShipmentImports, SHIPMENT_IMPORT_JOB } from './batch-shipping/shipment-imports.service';
export { MAX_SHIPMENT_ROWS, SHIPMENT_COLUMNS } from './batch-shipping/shipment-csv';
export type { ShipmentImportView, ShipmentImportRowView } from './batch-shipping/shipment-import.view';
export { ChannelRefunds } from './after-sales/channel-refunds.service';
export type { ChannelRefund, ChannelRefundOutcome } from './after-sales/channel-refunds.service';
export { OrderPlacement } from './placement/order-placement.service';
export { MAX_PLACED_LINES, MAX_LINE_QUANTITY } from './placement/placement.validation';
export type {
  PlaceOrderInput,
  PlaceOrderLine,
  OrderPaymentInput,
  MarkPaidOutcome,
  UnpaidCancelReason,
} from './placement/placement.types';
export type { OrderPayment } from './entities';
