import type { ChannelIdentity } from '@tongdao/crm';
import type { OrderReceiver } from './entities';
import type { OrderStatus } from './state-machine';

/**
 * What every channel adapter hands to ingestion: already in our units (integer fen, UTC Dates, our status
 * vocabulary). The adapter keeps the platform's own status in `channelStatus`.
 */
export interface ChannelOrder {
  externalOrderId: string;
  /** The channel's modified time; an older or equal version than the stored one changes nothing. */
  version: Date;
  status: OrderStatus;
  channelStatus: string;
  placedAt: Date;
  buyer: { name?: string | null; identities: ChannelIdentity[] };
  receiver: OrderReceiver;
  lines: ChannelOrderLine[];
  amounts: { itemsFen: number; shippingFen: number; discountFen: number; paidFen: number };
  payment?: { method: string | null; paidAt: Date | null; transactionId: string | null } | null;
  buyerMessage?: string | null;
}

export interface ChannelOrderLine {
  externalLineId: string;
  channelItemId: string;
  channelSkuId?: string | null;
  outerId?: string | null;
  title: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
}

export type IngestOutcome = 'created' | 'updated' | 'unchanged';

export interface IngestResult {
  externalOrderId: string;
  orderId: string;
  outcome: IngestOutcome;
}
