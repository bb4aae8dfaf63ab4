import type { AreaParts } from '../area-parts';
import { EscrowLedger } from './escrow-ledger.service';

export const ESCROW_PARTS: AreaParts = {
  entities: [],
  migrations: [],
  providers: [EscrowLedger],
  exports: [EscrowLedger],
};
