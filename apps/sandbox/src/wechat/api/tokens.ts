import { Injectable } from '@nestjs/common';
import { AccessToken, OfficialAccount } from '../state/model';
import { WechatStore } from '../state/store';
import { wechatErrors } from './errors';

export const TOKEN_TTL_SECONDS = 7200;
/** After a re-fetch the previous token keeps working this long (§1.6). */
export const OVERLAP_MS = 5 * 60 * 1000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,512}$/;

/** The base access_token of `/cgi-bin/token` and the checks every API makes with it. */
@Injectable()
export class AccessTokens {
  constructor(private readonly store: WechatStore) {}

  /** A new token; every older live one of the account now lives only for the overlap. */
  issue(account: OfficialAccount): AccessToken {
    const now = this.store.now();
    for (const old of this.store.tokens.values()) {
      if (old.appId !== account.appId || old.supersededUntil !== undefined) continue;
      old.supersededUntil = Math.min(now + OVERLAP_MS, old.expiresAt);
    }
    const token: AccessToken = {
      token: `${this.store.rng.int(70, 99)}_${this.store.randomId(133)}`,
      appId: account.appId,
      issuedAt: now,
      expiresAt: now + TOKEN_TTL_SECONDS * 1000,
    };
    this.store.tokens.set(token.token, token);
    return token;
  }

  /** Which account a token names, valid or not: faults apply per account even to refused calls. */
  appIdOf(accessToken: string | undefined): string | undefined {
    return accessToken ? this.store.tokens.get(accessToken)?.appId : undefined;
  }

  /** 41001 missing, 40014 malformed, 40001 unknown/superseded/revoked, 42001 expired. */
  authenticate(accessToken: string | undefined): OfficialAccount {
    if (!accessToken) throw wechatErrors.accessTokenMissing();
    if (!TOKEN_SHAPE.test(accessToken)) throw wechatErrors.invalidAccessToken();
    const token = this.store.tokens.get(accessToken);
    const account = token && this.store.accounts.get(token.appId);
    if (!token || !account || token.revoked) throw wechatErrors.invalidCredential();
    if (this.store.misbehaviourOf(account.appId).config.tokensInvalid) throw wechatErrors.invalidCredential();
    const now = this.store.now();
    if (token.supersededUntil !== undefined && now >= token.supersededUntil && now < token.expiresAt)
      throw wechatErrors.invalidCredential();
    if (now >= token.expiresAt) throw wechatErrors.accessTokenExpired();
    return account;
  }
}
