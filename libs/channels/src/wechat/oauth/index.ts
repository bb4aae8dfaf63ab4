export {
  WechatOAuth,
  OAUTH_SCOPES,
  OAUTH_STATE_PATTERN,
  WECHAT_OAUTH_BASE,
  oauthBaseOf,
} from './wechat-oauth';
export type { AuthorizeRequest, OAuthScope, WechatOAuthUser } from './wechat-oauth';
