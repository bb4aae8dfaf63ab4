/** A WeChat API refusal: HTTP 200 with `{"errcode":N,"errmsg":"…"}` (PROTOCOLS §1.6 global codes). */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${errcode} ${errmsg}`);
  }
}

const e = (errcode: number, errmsg: string) => (): WechatError => new WechatError(errcode, errmsg);

// Codes and messages as §1 quotes them; the ones §1 does not list are the platform's global return codes, with
// the English errmsg the API returns for them.
export const wechatErrors = {
  systemBusy: e(-1, 'system error'),
  invalidCredential: e(40001, 'invalid credential, access_token is invalid or not latest'),
  invalidGrantType: e(40002, 'invalid grant_type'),
  invalidOpenid: e(40003, 'invalid openid'),
  invalidMessageType: e(40008, 'invalid message type'),
  invalidAppid: e(40013, 'invalid appid'),
  invalidAccessToken: e(40014, 'invalid access_token'),
  invalidCode: e(40029, 'invalid code'),
  invalidTemplateId: e(40037, 'invalid template_id'),
  invalidActionInfo: e(40053, 'invalid action info'),
  invalidRefreshToken: e(40030, 'invalid refresh_token'),
  codeBeenUsed: e(40163, 'code been used'),
  accessTokenMissing: e(41001, 'access_token missing'),
  appidMissing: e(41002, 'appid missing'),
  secretMissing: e(41004, 'appsecret missing'),
  codeMissing: e(41008, 'missing code'),
  openidMissing: e(41009, 'missing openid'),
  accessTokenExpired: e(42001, 'access_token expired'),
  requireSubscribe: e(43004, 'require subscribe'),
  emptyPostData: e(44002, 'empty post data'),
  outOfTimeLimit: e(45015, 'response out of time limit or subscription is canceled'),
  outOfResponseCount: e(45047, 'out of response count limit'),
  dataFormat: e(47001, 'data format error'),
  invalidArgument: (field: string): WechatError => new WechatError(47003, `argument invalid! data.${field}`),
  apiUnauthorized: e(48001, 'api unauthorized'),
};
