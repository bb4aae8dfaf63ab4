import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, MoneyColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';
import type { OrderStatus } from './state-machine';

/** One order of any channel, in one shape. Money in fen, times UTC. */
@Entity('orders')
export class OrderRow extends TenantEntity {
  @Column({ name: 'shop_id', type: 'varchar', length: 26 })
  shopId: string;

  @Column({ name: 'channel_account_id', type: 'varchar', length: 26 })
  channelAccountId: string;

  @Column({ name: 'channel_type', type: 'varchar', length: 16 })
  channelType: string;

  @Column({ name: 'external_order_id', type: 'varchar', length: 64 })
  externalOrderId: string;

  /** The channel's modified time: a version never goes backwards. */
  @UtcColumn('channel_version')
  channelVersion: Date;

  @Column({ type: 'varchar', length: 24 })
  status: OrderStatus;

  @Column({ name: 'channel_status', type: 'varchar', length: 64 })
  channelStatus: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 26, nullable: true })
  customerId: string | null;

  @Column({ name: 'buyer_name', type: 'varchar', length: 100, nullable: true })
  buyerName: string | null;

  @JsonColumn('receiver')
  receiver: OrderReceiver;

  @Column({ name: 'receiver_phone', type: 'varchar', length: 32, nullable: true })
  receiverPhone: string | null;

  @MoneyColumn('items_fen')
  itemsFen: number;

  @MoneyColumn('shipping_fen')
  shippingFen: number;

  @MoneyColumn('discount_fen')
  discountFen: number;

  @MoneyColumn('paid_fen')
  paidFen: number;

  @JsonColumn('payment', { nullable: true })
  payment: OrderPayment | null;

  @UtcColumn('placed_at')
  placedAt: Date;

  @Column({ name: 'buyer_message', type: 'varchar', length: 500, nullable: true })
  buyerMessage: string | null;

  @Column({ name: 'seller_memo', type: 'varchar', length: 500, nullable: true })
  sellerMemo: string | null;

  @IntColumn('seller_flag', { default: 0 })
  sellerFlag: number;

  @JsonColumn('tags')
  tags: string[];

  @Column({ name: 'assigned_staff_id', type: 'varchar', length: 26, nullable: true })
  assignedStaffId: string | null;

  @Column({ name: 'has_unmapped_lines', type: 'boolean' })
  hasUnmappedLines: boolean;

  @Column({ name: 'has_stock_short_lines', type: 'boolean' })
  hasStockShortLines: boolean;

  /** Kept beside the JSON receiver so the desk can search by it. */
  @Column({ name: 'receiver_name', type: 'varchar', length: 100, nullable: true })
  receiverName: string | null;

  /** Sum of refunded after-sales; never above paidFen. */
  @MoneyColumn('refunded_fen', { default: 0 })
  refundedFen: number;

  /** `open` while an after-sale awaits a decision, goods or money; `closed` once all are settled; null if none. */
  @Column({ name: 'after_sale_state', type: 'varchar', length: 16, nullable: true })
  afterSaleState: AfterSaleState | null;

  @Column({ name: 'settlement_state', type: 'varchar', length: 16, default: 'none' })
  settlementState: SettlementState;

  @UtcColumn('delivered_at', { nullable: true })
  deliveredAt: Date | null;

  /** Held funds release automatically at this time unless the buyer confirms receipt earlier. */
  @UtcColumn('settle_at', { nullable: true })
  settleAt: Date | null;

  @UtcColumn('settled_at', { nullable: true })
  settledAt: Date | null;
}

export type AfterSaleState = 'open' | 'closed';

/**
 * Guarantee transaction (担保交易): `none` when the shop does not hold funds (or nothing was paid), `held`
 * from payment until the buyer confirms or the auto-confirm date passes, then `settled`; `refunded` when
 * the whole payment went back to the buyer.
 */
export type SettlementState = 'none' | 'held' | 'settled' | 'refunded';

export interface OrderReceiver {
  name: string | null;
  phone: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  postcode: string | null;
}

export interface OrderPayment {
  method: string | null;
  paidAt: string | null;
  transactionId: string | null;
}

/** `mapped` lines point at a merchant SKU; `unmapped` keep the channel's item until staff map it. */
export type LineStock = 'none' | 'reserved' | 'short' | 'committed' | 'released';

@Entity('order_lines')
export class OrderLineRow extends TenantEntity {
  @Column({ name: 'order_id', type: 'varchar', length: 26 })
  orderId: string;

  @Column({ name: 'external_line_id', type: 'varchar', length: 64 })
  externalLineId: string;

  @Column({ name: 'sku_id', type: 'varchar', length: 26, nullable: true })
  skuId: string | null;

  @Column({ name: 'channel_item_id', type: 'varchar', length: 64 })
  channelItemId: string;

  @Column({ name: 'channel_sku_id', type: 'varchar', length: 64, nullable: true })
  channelSkuId: string | null;

  @Column({ name: 'outer_id', type: 'varchar', length: 64, nullable: true })
  outerId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @IntColumn('quantity')
  quantity: number;

  @IntColumn('shipped_quantity', { default: 0 })
  shippedQuantity: number;

  /** Units refunded before they shipped: they will never ship, and their stock went back to the pool. */
  @IntColumn('cancelled_quantity', { default: 0 })
  cancelledQuantity: number;

  @MoneyColumn('unit_price_fen')
  unitPriceFen: number;

  @MoneyColumn('total_fen')
  totalFen: number;

  @Column({ type: 'varchar', length: 16 })
  stock: LineStock;

  @Column({ name: 'reservation_id', type: 'varchar', length: 26, nullable: true })
  reservationId: string | null;
}

/** One parcel: which lines (and how many of each) left the warehouse with which carrier and tracking number. */
@Entity('order_shipments')
export class ShipmentRow extends TenantEntity {
  @Column({ name: 'order_id', type: 'varchar', length: 26 })
  orderId: string;

  @Column({ name: 'carrier_code', type: 'varchar', length: 32 })
  carrierCode: string;

  @Column({ name: 'tracking_no', type: 'varchar', length: 64 })
  trackingNo: string;

  @JsonColumn('lines')
  lines: Array<{ lineId: string; quantity: number }>;

  @Column({ name: 'shipped_by', type: 'varchar', length: 26, nullable: true })
  shippedBy: string | null;
}
