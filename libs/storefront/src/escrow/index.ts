export { EscrowLedger, LEDGER_STATES } from './escrow-ledger.service';
export type { EscrowLedgerView, EscrowEntryView, LedgerState } from './escrow-ledger.service';
export { beijingMidnightOf, payoutAt, payoutCutoff } from './payout-calendar';
