import { Id, RequestContext } from '@tongdao/kernel';

/**
 * A buyer signed in to one shop's WeChat storefront through WeChat OAuth. Every storefront service takes
 * it (never a bare customer id from the request), so a buyer can only ever reach their own cart and orders
 * in the shop the session was issued for.
 */
export interface BuyerSession {
  sessionId: Id;
  merchantId: Id;
  shopId: Id;
  /** The shop's WeChat official account (the OAuth app, the JSAPI appid, the channel of the shop's orders). */
  channelAccountId: Id;
  customerId: Id;
  openid: string;
  unionid: string | null;
  expiresAt: Date;
}

/**
 * The context storefront services run core services with: the buyer's merchant as tenant and the system as
 * actor — the storefront itself is the trusted party; it checks the buyer's ownership before it acts.
 */
export function buyerContext(session: BuyerSession, requestId: string): RequestContext {
  return RequestContext.system(session.merchantId, requestId);
}
