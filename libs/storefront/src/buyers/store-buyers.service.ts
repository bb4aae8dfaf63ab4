import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { AuthorizeRequest, WechatOAuth } from '@tongdao/channels';
import { CustomersService, ChannelIdentity } from '@tongdao/crm';
import { Id, NotFoundError, RequestContext, UnauthenticatedError, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { Repository } from 'typeorm';
import { StoreShelf } from '../shelf/store-shelf.service';
import { StoreShops } from '../shelf/store-shops.service';
import { BuyerSession } from './buyer-session';
import { BuyerSessionCache } from './buyer-session-cache';
import { StoreBuyerSessionRow } from './buyer-session.entity';

export interface BuyerSignIn {
  token: string;
  expiresAt: string;
  customerId: Id;
  openid: string;
  unionid: string | null;
  nickname: string | null;
}

export interface BuyerProfile {
  customerId: Id;
  shopId: Id;
  channelAccountId: Id;
  openid: string;
  unionid: string | null;
  nickname: string | null;
  expiresAt: string;
}

/**
 * Buyers of a shop's WeChat store: sign-in through WeChat OAuth on the shop's store account, the buyer
 * becoming (or joining) one CRM customer by openid and unionid, and opaque bearer sessions kept as hashes.
 */
@Injectable()
export class StoreBuyers {
  private readonly recent = new BuyerSessionCache();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    private readonly shops: StoreShops,
    private readonly shelf: StoreShelf,
    private readonly oauth: WechatOAuth,
    private readonly customers: CustomersService,
  ) {}

  /** The WeChat consent URL of the shop's store account, for the H5 page to send the buyer to. */
  async authorizeUrl(
    shopId: Id,
    request: AuthorizeRequest,
    requestId: string,
  ): Promise<{ authorizeUrl: string }> {
    const { ctx, channelAccountId } = await this.store(shopId, requestId);
    return { authorizeUrl: await this.oauth.authorizeUrl(ctx, channelAccountId, request) };
  }

  /** Exchanges the redirect's code and opens a session; 400 `oauth_code_invalid` for a refused code. */
  async signIn(shopId: Id, code: string, requestId: string): Promise<BuyerSignIn> {
    const { ctx, channelAccountId } = await this.store(shopId, requestId);
    const user = await this.oauth.identify(ctx, channelAccountId, code);
    const identities: ChannelIdentity[] = [{ kind: 'wechat_openid', value: user.openid, channelAccountId }];
    if (user.unionid) identities.push({ kind: 'wechat_unionid', value: user.unionid, channelAccountId });
    const customerId = await this.customers.resolveOrCreate(ctx, identities, {
      displayName: user.nickname,
    });
    if (!customerId) throw new Error(`WeChat returned an unusable openid for account ${channelAccountId}`);
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.STORE_SESSION_HOURS * 3_600_000);
    await this.sessions().insert({
      id: newId(),
      merchantId: ctx.tenantId,
      shopId,
      channelAccountId,
      customerId,
      openid: user.openid,
      unionid: user.unionid,
      nickname: user.nickname?.slice(0, 100) ?? null,
      tokenHash: hashToken(token),
      expiresAt,
      createdAt: now,
      updatedAt: now,
    });
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      customerId,
      openid: user.openid,
      unionid: user.unionid,
      nickname: user.nickname,
    };
  }

  /**
   * The session behind a bearer token, in one indexed read (or none, when this process admitted it moments
   * ago: see BuyerSessionCache); 401 when unknown, signed out or expired.
   */
  async authenticate(token: string): Promise<BuyerSession> {
    const tokenHash = hashToken(token);
    const now = Date.now();
    const recent = this.recent.get(tokenHash, now);
    if (recent) return recent;
    const row = await this.sessions().findOne({ where: { tokenHash } });
    if (!row) throw new UnauthenticatedError('invalid_token', 'The buyer token is not valid');
    if (row.expiresAt.getTime() <= now)
      throw new UnauthenticatedError('token_expired', 'The buyer session has expired; sign in again');
    const session: BuyerSession = {
      sessionId: row.id,
      merchantId: row.merchantId,
      shopId: row.shopId,
      channelAccountId: row.channelAccountId,
      customerId: row.customerId,
      openid: row.openid,
      unionid: row.unionid,
      expiresAt: row.expiresAt,
    };
    this.recent.put(tokenHash, session, now);
    return session;
  }

  async profile(session: BuyerSession): Promise<BuyerProfile> {
    const row = await this.sessions().findOne({ where: { id: session.sessionId } });
    if (!row) throw new NotFoundError('buyer session', session.sessionId);
    return {
      customerId: row.customerId,
      shopId: row.shopId,
      channelAccountId: row.channelAccountId,
      openid: row.openid,
      unionid: row.unionid,
      nickname: row.nickname,
      expiresAt: row.expiresAt.toISOString(),
    };
  }

  /** Ends the session: its token stops working at once in this process (other api processes: see the cache). */
  async signOut(session: BuyerSession): Promise<void> {
    this.recent.evictSession(session.sessionId);
    await this.sessions().delete({ id: session.sessionId });
    // Again: a request that read the row before the delete may have cached it meanwhile.
    this.recent.evictSession(session.sessionId);
  }

  private async store(shopId: Id, requestId: string) {
    const shop = await this.shops.resolve(shopId);
    const ctx = RequestContext.system(shop.merchantId, requestId);
    const { channelAccountId } = await this.shelf.storeAccountOf(ctx, shop.shopId);
    return { ctx, channelAccountId };
  }

  /** Sessions are found by token before any tenant is known, so this table is read unscoped, here only. */
  private sessions(): Repository<StoreBuyerSessionRow> {
    return this.tx.manager().getRepository(StoreBuyerSessionRow);
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
