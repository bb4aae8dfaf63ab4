import type { ChannelIdentity } from '@tongdao/crm';
import type { OrderReceiver } from './entities';
import type { OrderStatus } from './state-machine';

/**
 * What every channel adapter hands to `OrderIngestion.ingest`: one order in our units and vocabulary.
 * The adapter converts at its edge — amounts to integer fen (never through floating point), platform local
 * times to UTC `Date`s, the platform's status to ours (its own status string goes in `channelStatus`).
 *
 * Keyed by (channel account, `externalOrderId`); `version` is the channel's modified time: a version older
 * than or equal to the stored one changes nothing, so pushes and polls may deliver in any order and repeat.
 */
export interface ChannelOrder {
  /** The platform's order id (Taobao tid, WeChat order_id …); ≤ 64 characters. */
  externalOrderId: string;
  /** The channel's modified time (Taobao `modified`, WeChat `update_time`), UTC. */
  version: Date;
  status: OrderStatus;
  /** The platform's own status, kept verbatim (≤ 64 characters), e.g. WAIT_SELLER_SEND_GOODS. */
  channelStatus: string;
  /** When the buyer placed the order, UTC. */
  placedAt: Date;
  /** The buyer as the channel knows them; identities link the order to one CRM customer. */
  buyer: { name?: string | null; identities: ChannelIdentity[] };
  receiver: OrderReceiver;
  /** At least one line, each with a distinct externalLineId. */
  lines: ChannelOrderLine[];
  /** Integer fen, none negative. */
  amounts: { itemsFen: number; shippingFen: number; discountFen: number; paidFen: number };
  payment?: { method: string | null; paidAt: Date | null; transactionId: string | null } | null;
  buyerMessage?: string | null;
}

export interface ChannelOrderLine {
  /** The platform's line id (Taobao oid); unique within the order, ≤ 64 characters. */
  externalLineId: string;
  channelItemId: string;
  channelSkuId?: string | null;
  /** The merchant code the seller typed on the platform (商家编码); used to find the SKU when no listing maps it. */
  outerId?: string | null;
  title: string;
  /** Positive integer. */
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
  /**
   * Units the channel reports as shipped; read only while the order is `partially_shipped` (a fully shipped
   * order ships every unit). Absent: nothing of this line has shipped yet.
   */
  shippedQuantity?: number | null;
}

export type IngestOutcome = 'created' | 'updated' | 'unchanged';

export interface IngestResult {
  externalOrderId: string;
  orderId: string;
  outcome: IngestOutcome;
}
