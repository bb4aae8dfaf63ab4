import { AccessToken, Delivery, Follower, OfficialAccount, SentMessage, Template } from '../state/model';

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

export interface AccountView {
  appId: string;
  appSecret: string;
  originalId: string;
  name: string;
  token: string;
  encodingAESKey: string;
  callbackUrl?: string;
  mode: string;
  settings: OfficialAccount['settings'];
  templates: Array<{ templateId: string; title: string; content: string }>;
}

export function accountView(account: OfficialAccount, templates: Template[]): AccountView {
  return {
    appId: account.appId,
    appSecret: account.appSecret,
    originalId: account.originalId,
    name: account.name,
    token: account.token,
    encodingAESKey: account.encodingAESKey,
    callbackUrl: account.callbackUrl,
    mode: account.mode,
    settings: account.settings,
    templates: templates.map((t) => ({ templateId: t.templateId, title: t.title, content: t.content })),
  };
}

export interface FollowerView {
  openid: string;
  unionid: string;
  nickname: string;
  subscribed: boolean;
  subscribeTime?: string;
  subscribeScene: string;
  qrScene: number;
  qrSceneStr: string;
  blocksTemplates: boolean;
  lastMessageAt?: string;
  csWindows: Array<{ trigger: string; expiresAt?: string; quota: number; used: number }>;
}

export function followerView(f: Follower): FollowerView {
  return {
    openid: f.openid,
    unionid: f.unionid,
    nickname: f.nickname,
    subscribed: f.subscribed,
    subscribeTime: iso(f.subscribeTime),
    subscribeScene: f.subscribeScene,
    qrScene: f.qrScene,
    qrSceneStr: f.qrSceneStr,
    blocksTemplates: f.blocksTemplates,
    lastMessageAt: iso(f.lastMessageAt),
    csWindows: f.windows.map((w) => ({
      trigger: w.trigger,
      expiresAt: iso(w.expiresAt),
      quota: w.quota,
      used: w.used,
    })),
  };
}

export type DeliveryView = Omit<Delivery, 'createdAt' | 'finishedAt' | 'attempts'> & {
  createdAt?: string;
  finishedAt?: string;
  attempts: Array<Omit<Delivery['attempts'][number], 'startedAt'> & { startedAt?: string }>;
};

export function deliveryView(d: Delivery): DeliveryView {
  return {
    ...d,
    createdAt: iso(d.createdAt),
    finishedAt: iso(d.finishedAt),
    attempts: d.attempts.map((a) => ({ ...a, startedAt: iso(a.startedAt) })),
  };
}

export function tokenView(t: AccessToken, now: number): Record<string, unknown> {
  const superseded = t.supersededUntil !== undefined && now >= t.supersededUntil && now < t.expiresAt;
  const state = t.revoked || superseded ? 'invalid' : now >= t.expiresAt ? 'expired' : 'valid';
  return {
    token: t.token,
    issuedAt: iso(t.issuedAt),
    expiresAt: iso(t.expiresAt),
    supersededUntil: iso(t.supersededUntil),
    revoked: t.revoked ?? false,
    state,
  };
}

export function sentView(m: SentMessage): Record<string, unknown> {
  return { ...m, at: iso(m.at) };
}
