import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OauthScope } from '../state/model';
import { WechatStore } from '../state/store';
import { queryParam } from './body';

const CODE_TTL_MS = 5 * 60 * 1000;
const SCOPES: readonly string[] = ['snsapi_base', 'snsapi_userinfo'];

/**
 * `GET /connect/oauth2/authorize` (§1.9): the page a WeChat user opens. There is no browser here, so the user is
 * named by the sandbox-only `sandbox_openid` parameter (or the account's `oauthOpenid` setting); consent is
 * assumed. It redirects to `redirect_uri?code=…&state=…` with a single-use code valid for 5 minutes.
 */
@Controller('connect/oauth2')
export class OauthController {
  constructor(private readonly store: WechatStore) {}

  @Get('authorize')
  authorize(@Req() req: Request, @Res() res: Response): void {
    const appId = queryParam(req, 'appid');
    const redirectUri = queryParam(req, 'redirect_uri');
    const scope = queryParam(req, 'scope');
    if (!appId) return errorPage(res, 10012, 'appid不能为空');
    const account = this.store.accounts.get(appId);
    if (!account) return errorPage(res, 10002, 'appid参数错误');
    if (!redirectUri) return errorPage(res, 10011, 'redirect_uri不能为空');
    const target = parseUrl(redirectUri);
    const domain = account.settings.oauthDomain;
    if (!target || (domain !== undefined && target.hostname !== domain))
      return errorPage(res, 10003, 'redirect_uri域名与后台配置不一致');
    if (!scope) return errorPage(res, 10010, 'scope不能为空');
    if (!SCOPES.includes(scope)) return errorPage(res, 10005, '此公众号并没有这些scope的权限');
    if (queryParam(req, 'response_type') !== 'code') return errorPage(res, 10002, 'response_type参数错误');
    const openid = queryParam(req, 'sandbox_openid') ?? account.settings.oauthOpenid;
    const follower = openid ? this.store.followerOf(appId, openid) : undefined;
    if (!follower) return errorPage(res, 0, '请在微信客户端打开链接');
    const code = this.store.rng.alnum(32);
    this.store.oauthCodes.set(code, {
      code,
      appId,
      openid: follower.openid,
      scope: scope as OauthScope,
      expiresAt: this.store.now() + CODE_TTL_MS,
    });
    target.searchParams.set('code', code);
    target.searchParams.set('state', queryParam(req, 'state') ?? '');
    res.redirect(302, target.toString());
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** WeChat shows authorisation errors as a page, not JSON. */
function errorPage(res: Response, code: number, message: string): void {
  const detail = code ? `错误码：${code}<br/>${message}` : message;
  res
    .status(200)
    .type('text/html')
    .send(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>微信网页授权</title></head><body><p>${detail}</p></body></html>`,
    );
}
