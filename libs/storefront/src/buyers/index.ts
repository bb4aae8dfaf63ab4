export { buyerContext } from './buyer-session';
export type { BuyerSession } from './buyer-session';
export { StoreBuyers } from './store-buyers.service';
export type { BuyerProfile, BuyerSignIn } from './store-buyers.service';
export { BuyerSessionRetention, BUYER_SESSION_RETENTION_JOB } from './buyer-session-retention';
