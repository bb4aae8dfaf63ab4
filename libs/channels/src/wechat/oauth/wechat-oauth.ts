import { Injectable } from '@nestjs/common';
import { DomainError, Id, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { WECHAT_DEFAULT_API_BASE, WechatAccounts } from '../wechat-accounts.service';
import { WechatApiError } from '../outbound/wechat-api-error';
import { WechatJson, wechatRequest } from '../outbound/wechat-http';

/** Where the real OAuth consent page lives; the sandbox serves it on its API host. */
export const WECHAT_OAUTH_BASE = 'https://open.weixin.qq.com';

export const OAUTH_SCOPES = ['snsapi_base', 'snsapi_userinfo'] as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[number];

/** §1.9: state is at most 128 bytes of [a-zA-Z0-9]. */
export const OAUTH_STATE_PATTERN = /^[A-Za-z0-9]{0,128}$/;

/** Answers that mean the buyer's code is no good (unknown, expired, another account's, used, missing). */
const BAD_CODE_ERRCODES: ReadonlySet<number> = new Set([40029, 40163, 41008]);

export interface AuthorizeRequest {
  redirectUri: string;
  scope: OAuthScope;
  state?: string;
}

/** Who authorised, as WeChat says: the openid always, unionid and nickname when the scope allows. */
export interface WechatOAuthUser {
  appId: string;
  openid: string;
  unionid: string | null;
  scope: string;
  nickname: string | null;
  avatarUrl: string | null;
}

/**
 * WeChat web authorisation (网页授权, PROTOCOLS §1.9) for one connected official account: the consent URL,
 * then the code exchanged for the buyer's openid (and, with snsapi_userinfo, the profile). The web token is
 * used once and dropped: nothing here needs the account's base access token.
 */
@Injectable()
export class WechatOAuth {
  constructor(private readonly accounts: WechatAccounts) {}

  async authorizeUrl(ctx: RequestContext, channelAccountId: Id, request: AuthorizeRequest): Promise<string> {
    assertAuthorizeRequest(request);
    const account = await this.accounts.credentials(ctx, channelAccountId);
    // WeChat reads these parameters in this order; the fragment is mandatory.
    const query = [
      ['appid', account.appId],
      ['redirect_uri', request.redirectUri],
      ['response_type', 'code'],
      ['scope', request.scope],
      ['state', request.state ?? ''],
    ]
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('&');
    return `${oauthBaseOf(account.apiBaseUrl)}/connect/oauth2/authorize?${query}#wechat_redirect`;
  }

  /**
   * Exchanges the code from the redirect. Throws `oauth_code_invalid` (400, WeChat's errcode in the details)
   * for a code WeChat refuses, `wechat_api_error` (502) when WeChat refuses the account or cannot be reached.
   */
  async identify(ctx: RequestContext, channelAccountId: Id, code: string): Promise<WechatOAuthUser> {
    const account = await this.accounts.credentials(ctx, channelAccountId);
    try {
      const grant = await wechatRequest(account.apiBaseUrl, {
        method: 'GET',
        path: '/sns/oauth2/access_token',
        query: {
          appid: account.appId,
          secret: account.appSecret,
          code,
          grant_type: 'authorization_code',
        },
      });
      const openid = text(grant.openid);
      const scope = text(grant.scope) ?? 'snsapi_base';
      if (!openid) throw new WechatApiError('/sns/oauth2/access_token', null, 'no openid in the answer');
      const user: WechatOAuthUser = {
        appId: account.appId,
        openid,
        unionid: text(grant.unionid),
        scope,
        nickname: null,
        avatarUrl: null,
      };
      const token = text(grant.access_token);
      if (!scope.split(',').includes('snsapi_userinfo') || !token) return user;
      const info = await this.userInfo(account.apiBaseUrl, token, openid);
      return {
        ...user,
        unionid: text(info.unionid) ?? user.unionid,
        nickname: text(info.nickname),
        avatarUrl: text(info.headimgurl),
      };
    } catch (error) {
      throw toOAuthError(error);
    }
  }

  private userInfo(apiBaseUrl: string, accessToken: string, openid: string): Promise<WechatJson> {
    return wechatRequest(apiBaseUrl, {
      method: 'GET',
      path: '/sns/userinfo',
      query: { access_token: accessToken, openid, lang: 'zh_CN' },
    });
  }
}

/** The consent page's host: WeChat's own for the real API, otherwise (a sandbox) the API host itself. */
export function oauthBaseOf(apiBaseUrl: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  return base === WECHAT_DEFAULT_API_BASE ? WECHAT_OAUTH_BASE : base;
}

function assertAuthorizeRequest(request: AuthorizeRequest): void {
  const problems: Array<{ field: string; problem: string }> = [];
  if (!isHttpUrl(request.redirectUri)) problems.push({ field: 'redirectUri', problem: 'an http(s) URL' });
  if (!(OAUTH_SCOPES as readonly string[]).includes(request.scope))
    problems.push({ field: 'scope', problem: `one of ${OAUTH_SCOPES.join(', ')}` });
  if (request.state !== undefined && !OAUTH_STATE_PATTERN.test(request.state))
    problems.push({ field: 'state', problem: 'at most 128 letters or digits' });
  if (problems.length > 0)
    throw new ValidationFailedError('validation_failed', 'Some fields are invalid', problems);
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 1000) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function toOAuthError(error: unknown): unknown {
  if (!(error instanceof WechatApiError)) return error;
  if (error.errcode !== null && BAD_CODE_ERRCODES.has(error.errcode)) {
    return new ValidationFailedError('oauth_code_invalid', 'WeChat refused the authorisation code', [
      { field: 'code', problem: `WeChat errcode ${error.errcode}: ${error.errmsg}` },
    ]);
  }
  return new DomainError(
    502,
    'wechat_api_error',
    error.errcode === null
      ? `WeChat is unavailable: ${error.errmsg}`
      : `WeChat refused: ${error.errcode} ${error.errmsg}`,
    error.errcode === null ? [] : [{ field: 'errcode', problem: String(error.errcode) }],
  );
}
