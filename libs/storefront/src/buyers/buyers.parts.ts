import type { AreaParts } from '../area-parts';
import { StoreBuyerSessionRow } from './buyer-session.entity';
import { BuyerSessionRetention } from './buyer-session-retention';
import { StoreBuyersSchema1763900010000 } from './buyers.migration';
import { StoreBuyers } from './store-buyers.service';

export const BUYERS_PARTS: AreaParts = {
  entities: [StoreBuyerSessionRow],
  migrations: [StoreBuyersSchema1763900010000],
  providers: [StoreBuyers, BuyerSessionRetention],
  exports: [StoreBuyers, BuyerSessionRetention],
};
