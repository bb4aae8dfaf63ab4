import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OfficialAccount, SnsToken } from '../state/model';
import { WechatStore } from '../state/store';
import { queryParam } from './body';
import { wechatErrors } from './errors';
import { ApiGate } from './gate';
import { TOKEN_TTL_SECONDS } from './tokens';

const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;

/** The web-authorisation token (distinct from the base access_token), its refresh, and the user profile (§1.9). */
@Controller('sns')
export class SnsController {
  constructor(
    private readonly store: WechatStore,
    private readonly gate: ApiGate,
  ) {}

  @Get('oauth2/access_token')
  async accessToken(@Req() req: Request, @Res() res: Response): Promise<void> {
    const appId = queryParam(req, 'appid');
    await this.gate.serve(res, { method: 'GET', path: '/sns/oauth2/access_token', appId }, () => {
      const account = this.app(appId, queryParam(req, 'secret'));
      if (queryParam(req, 'grant_type') !== 'authorization_code') throw wechatErrors.invalidGrantType();
      const codeText = queryParam(req, 'code');
      if (!codeText) throw wechatErrors.codeMissing();
      const code = this.store.oauthCodes.get(codeText);
      const now = this.store.now();
      if (!code || code.appId !== account.appId || now >= code.expiresAt) throw wechatErrors.invalidCode();
      if (code.usedAt !== undefined) throw wechatErrors.codeBeenUsed();
      code.usedAt = now;
      const token: SnsToken = {
        accessToken: this.store.randomId(110),
        refreshToken: this.store.randomId(110),
        appId: account.appId,
        openid: code.openid,
        scope: code.scope,
        expiresAt: now + TOKEN_TTL_SECONDS * 1000,
        refreshExpiresAt: now + REFRESH_TTL_MS,
      };
      this.store.snsTokens.set(token.accessToken, token);
      // unionid only with snsapi_userinfo on an account bound to an Open Platform account.
      const follower = this.store.followerOf(account.appId, code.openid);
      const unionid =
        code.scope === 'snsapi_userinfo' && account.settings.openPlatformBound
          ? follower?.unionid
          : undefined;
      return { ...tokenBody(token), unionid };
    });
  }

  @Get('oauth2/refresh_token')
  async refresh(@Req() req: Request, @Res() res: Response): Promise<void> {
    const appId = queryParam(req, 'appid');
    await this.gate.serve(res, { method: 'GET', path: '/sns/oauth2/refresh_token', appId }, () => {
      if (queryParam(req, 'grant_type') !== 'refresh_token') throw wechatErrors.invalidGrantType();
      if (!appId) throw wechatErrors.appidMissing();
      if (!this.store.accounts.has(appId)) throw wechatErrors.invalidAppid();
      const refreshToken = queryParam(req, 'refresh_token');
      const now = this.store.now();
      const old = [...this.store.snsTokens.values()].find(
        (t) => t.refreshToken === refreshToken && t.appId === appId,
      );
      if (!old || now >= old.refreshExpiresAt) throw wechatErrors.invalidRefreshToken();
      this.store.snsTokens.delete(old.accessToken);
      const token: SnsToken = {
        ...old,
        accessToken: this.store.randomId(110),
        expiresAt: now + TOKEN_TTL_SECONDS * 1000,
      };
      this.store.snsTokens.set(token.accessToken, token);
      return tokenBody(token);
    });
  }

  @Get('userinfo')
  async userinfo(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accessToken = queryParam(req, 'access_token');
    const appId = accessToken ? this.store.snsTokens.get(accessToken)?.appId : undefined;
    await this.gate.serve(res, { method: 'GET', path: '/sns/userinfo', appId }, () => {
      const token = this.snsToken(accessToken, queryParam(req, 'openid'));
      if (token.scope !== 'snsapi_userinfo') throw wechatErrors.apiUnauthorized();
      const follower = this.store.followerOf(token.appId, token.openid);
      const account = this.store.accounts.get(token.appId);
      if (!follower || !account) throw wechatErrors.invalidOpenid();
      return {
        openid: follower.openid,
        nickname: follower.nickname,
        sex: 0,
        province: '',
        city: '',
        country: '',
        headimgurl: follower.headimgurl,
        privilege: [],
        unionid: account.settings.openPlatformBound ? follower.unionid : undefined,
      };
    });
  }

  @Get('auth')
  async check(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accessToken = queryParam(req, 'access_token');
    const appId = accessToken ? this.store.snsTokens.get(accessToken)?.appId : undefined;
    await this.gate.serve(res, { method: 'GET', path: '/sns/auth', appId }, () => {
      this.snsToken(accessToken, queryParam(req, 'openid'));
      return { errcode: 0, errmsg: 'ok' };
    });
  }

  private app(appId: string | undefined, secret: string | undefined): OfficialAccount {
    if (!appId) throw wechatErrors.appidMissing();
    const account = this.store.accounts.get(appId);
    if (!account) throw wechatErrors.invalidAppid();
    if (!secret) throw wechatErrors.secretMissing();
    if (secret !== account.appSecret) throw wechatErrors.invalidCredential();
    return account;
  }

  private snsToken(accessToken: string | undefined, openid: string | undefined): SnsToken {
    if (!accessToken) throw wechatErrors.accessTokenMissing();
    const token = this.store.snsTokens.get(accessToken);
    if (!token) throw wechatErrors.invalidCredential();
    if (this.store.now() >= token.expiresAt) throw wechatErrors.accessTokenExpired();
    if (!openid) throw wechatErrors.openidMissing();
    if (openid !== token.openid) throw wechatErrors.invalidOpenid();
    return token;
  }
}

function tokenBody(token: SnsToken) {
  return {
    access_token: token.accessToken,
    expires_in: TOKEN_TTL_SECONDS,
    refresh_token: token.refreshToken,
    openid: token.openid,
    scope: token.scope,
  };
}
