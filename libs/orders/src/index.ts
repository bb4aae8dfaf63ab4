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
