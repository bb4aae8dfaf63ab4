/** The simulated WeChat's own records. Times are epoch ms on the sandbox clock; the wire format is applied on output. */

export const MODES = ['plain', 'compat', 'safe'] as const;
/** 明文 / 兼容 / 安全 (PROTOCOLS §1.5). */
export type Mode = (typeof MODES)[number];

export interface AccountSettings {
  /** How long the platform waits for the callback before dropping the connection (WeChat: 5 s). */
  pushTimeoutMs: number;
  /** Deliveries per push, the first included (§1.4: 3). */
  pushAttempts: number;
  /** Customer-service messages allowed per user message within its 48 h window (§1.8: 5). */
  csQuota: number;
  /** Whether the account is bound to an Open Platform account, which is what makes unionid appear. */
  openPlatformBound: boolean;
  /** When set, an OAuth redirect_uri must be on this host (else 10003). */
  oauthDomain?: string;
  /** The simulated WeChat user opening OAuth pages when the URL does not name one. */
  oauthOpenid?: string;
}

export interface OfficialAccount {
  appId: string;
  appSecret: string;
  /** The original id (`gh_…`) that pushes carry as ToUserName. */
  originalId: string;
  name: string;
  token: string;
  encodingAESKey: string;
  callbackUrl?: string;
  mode: Mode;
  settings: AccountSettings;
  createdAt: number;
}

export interface CsWindow {
  trigger: 'message' | 'subscribe' | 'scan' | 'click';
  openedAt: number;
  expiresAt: number;
  quota: number;
  used: number;
}

export interface Follower {
  appId: string;
  openid: string;
  unionid: string;
  nickname: string;
  headimgurl: string;
  subscribed: boolean;
  subscribeTime?: number;
  subscribeScene: string;
  qrScene: number;
  qrSceneStr: string;
  /** Template messages to this user finish with `failed:user block`. */
  blocksTemplates: boolean;
  lastMessageAt?: number;
  windows: CsWindow[];
}

export interface Template {
  appId: string;
  templateId: string;
  title: string;
  content: string;
}

export const QR_ACTIONS = ['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'] as const;
export type QrAction = (typeof QR_ACTIONS)[number];

export interface QrCode {
  appId: string;
  ticket: string;
  url: string;
  action: QrAction;
  /** scene_id or scene_str as text: it is what EventKey carries. */
  scene: string;
  createdAt: number;
  /** Absent for permanent codes. */
  expiresAt?: number;
}

export interface AccessToken {
  token: string;
  appId: string;
  issuedAt: number;
  expiresAt: number;
  /** Set when a newer token was issued: this one keeps working until then (the 5-minute overlap). */
  supersededUntil?: number;
  /** Set through the control API: answers 40001 from then on. */
  revoked?: boolean;
}

export type OauthScope = 'snsapi_base' | 'snsapi_userinfo';

export interface OauthCode {
  code: string;
  appId: string;
  openid: string;
  scope: OauthScope;
  expiresAt: number;
  usedAt?: number;
}

export interface SnsToken {
  accessToken: string;
  refreshToken: string;
  appId: string;
  openid: string;
  scope: OauthScope;
  expiresAt: number;
  refreshExpiresAt: number;
}

/** A message the merchant asked the platform to send (template or customer service), as received. */
export interface SentMessage {
  seq: number;
  kind: 'template' | 'custom';
  appId: string;
  touser: string;
  at: number;
  /** The request body as the platform parsed it. */
  body: Record<string, unknown>;
  msgid?: string;
  /** Template messages: the Status pushed in TEMPLATESENDJOBFINISH. */
  status?: string;
}

export interface CallRecord {
  seq: number;
  at: number;
  method: string;
  path: string;
  appId?: string;
  outcome: string;
  durationMs: number;
}

export interface Attempt {
  n: number;
  startedAt: number;
  latencyMs: number;
  /** HTTP status, absent when no answer came (timeout, refused connection). */
  status?: number;
  error?: string;
  responseBody?: string;
}

/** What the platform made of the callback's answer (§1.3, §1.10). */
export interface PassiveReply {
  /** `ack`: `success` or empty; `message`: a valid reply message; `invalid`: the user sees the notice. */
  kind: 'ack' | 'message' | 'invalid';
  raw: string;
  /** The reply message XML (decrypted in safe mode). */
  plaintext?: string;
  message?: Record<string, unknown>;
  encrypted?: boolean;
  signatureValid?: boolean;
  problem?: string;
  /** What the WeChat user would see, when the reply is unusable. */
  userNotice?: string;
}

export interface Delivery {
  id: string;
  appId: string;
  openid?: string;
  /** `text`, an event name (`subscribe`, `SCAN`, …) or `verify` for the GET URL check. */
  event: string;
  /** What an adapter dedupes on: MsgId, or FromUserName + CreateTime for events (§1.4). */
  messageKey: string;
  /** Set on the second copy the duplicate switch sends. */
  duplicateOf?: string;
  mode: Mode;
  method: 'GET' | 'POST';
  url: string;
  /** The exact body sent (identical across attempts). */
  body: string;
  /** The message XML before encryption. */
  plaintext: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: Attempt[];
  reply?: PassiveReply;
  createdAt: number;
  finishedAt?: number;
}
