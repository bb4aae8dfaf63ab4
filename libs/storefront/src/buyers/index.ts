export { buyerContext } from './buyer-session';
export type { BuyerSession } from './buyer-session';
export { StoreBuyers } from './store-buyers.service';
export type { BuyerProfile, BuyerSignIn } from './store-buyers.service';
