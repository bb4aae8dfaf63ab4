import { Injectable } from '@nestjs/common';
import { MisbehaviourState } from './misbehaviour';
import {
  AccessToken,
  AccountSettings,
  CallRecord,
  Delivery,
  Follower,
  Mode,
  OauthCode,
  OfficialAccount,
  QrCode,
  SentMessage,
  SnsToken,
  Template,
} from './model';
import { SeededRandom } from '../../shared/random';

const LOG_LIMIT = 20_000;
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export interface CreateAccountInput {
  name?: string;
  token?: string;
  encodingAESKey?: string;
  callbackUrl?: string;
  mode?: Mode;
  settings?: Partial<AccountSettings>;
}

export interface CreateFollowerInput {
  nickname?: string;
  unionid?: string;
  subscribed?: boolean;
  blocksTemplates?: boolean;
}

export const DEFAULT_SETTINGS: AccountSettings = {
  pushTimeoutMs: Number(process.env.SANDBOX_WECHAT_PUSH_TIMEOUT_MS ?? 5000),
  pushAttempts: 3,
  csQuota: 5,
  openPlatformBound: true,
};

/**
 * Everything the simulated WeChat knows, in memory. Ids, secrets, tokens and nonces come from one seeded PRNG,
 * so the same seed and the same calls give the same values. Time is the wall clock plus an offset that tests move
 * forward to reach token expiry, the 5-minute overlap or the 48-hour window without waiting.
 */
@Injectable()
export class WechatStore {
  seed = 1;
  rng = new SeededRandom(1);
  clockOffsetMs = 0;
  readonly accounts = new Map<string, OfficialAccount>();
  /** By openid: openids are distinct per account, as on WeChat. */
  readonly followers = new Map<string, Follower>();
  readonly templates = new Map<string, Template>();
  readonly qrCodes = new Map<string, QrCode>();
  readonly tokens = new Map<string, AccessToken>();
  readonly oauthCodes = new Map<string, OauthCode>();
  readonly snsTokens = new Map<string, SnsToken>();
  readonly misbehaviour = new Map<string, MisbehaviourState>();
  /** Template msgid by `appId/openid/client_msg_id`, so a repeated send is not sent twice. */
  readonly clientMsgIds = new Map<string, string>();
  deliveries: Delivery[] = [];
  sent: SentMessage[] = [];
  calls: CallRecord[] = [];
  private sequence = 0;

  constructor() {
    this.reset(Number(process.env.SANDBOX_WECHAT_SEED ?? 1));
  }

  reset(seed: number): void {
    this.seed = seed;
    this.rng = new SeededRandom(seed);
    this.clockOffsetMs = 0;
    for (const map of [
      this.accounts,
      this.followers,
      this.templates,
      this.qrCodes,
      this.tokens,
      this.oauthCodes,
      this.snsTokens,
      this.misbehaviour,
      this.clientMsgIds,
    ])
      map.clear();
    this.deliveries = [];
    this.sent = [];
    this.calls = [];
    this.sequence = 0;
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** 64-bit like the real MsgId / msgid: wider than 2^53, so only exact parsers keep them. */
  nextMsgId(): string {
    return (
      24_000_000_000_000_000n +
      BigInt(this.nextSeq()) * 1000n +
      BigInt(this.rng.int(0, 999))
    ).toString();
  }

  nextTemplateMsgId(): string {
    return (
      2_900_000_000_000_000_000n +
      BigInt(this.nextSeq()) * 1000n +
      BigInt(this.rng.int(0, 999))
    ).toString();
  }

  randomId(length: number): string {
    return this.rng.chars(length, ID_CHARS);
  }

  createAccount(input: CreateAccountInput): OfficialAccount {
    const account: OfficialAccount = {
      appId: `wx${this.rng.hex(16)}`,
      appSecret: this.rng.hex(32),
      originalId: `gh_${this.rng.hex(12)}`,
      name: input.name ?? `沙箱公众号${this.rng.digits(4)}`,
      token: input.token ?? this.rng.alnum(32),
      encodingAESKey: input.encodingAESKey ?? this.rng.alnum(43),
      callbackUrl: input.callbackUrl,
      mode: input.mode ?? 'plain',
      settings: { ...DEFAULT_SETTINGS, ...input.settings },
      createdAt: this.now(),
    };
    this.accounts.set(account.appId, account);
    this.misbehaviour.set(account.appId, new MisbehaviourState());
    this.addTemplate(account.appId, '订单发货通知', ORDER_SHIPPED_TEMPLATE);
    return account;
  }

  addTemplate(appId: string, title: string, content: string): Template {
    const template: Template = { appId, templateId: this.randomId(43), title, content };
    this.templates.set(template.templateId, template);
    return template;
  }

  createFollower(appId: string, input: CreateFollowerInput): Follower {
    const subscribed = input.subscribed ?? true;
    const follower: Follower = {
      appId,
      openid: `o${this.randomId(27)}`,
      unionid: input.unionid ?? `o${this.randomId(27)}`,
      nickname: input.nickname ?? `微信用户${this.rng.digits(4)}`,
      headimgurl: `https://thirdwx.qlogo.cn/mmopen/vi_32/${this.rng.alnum(40)}/132`,
      subscribed,
      subscribeTime: subscribed ? this.now() : undefined,
      subscribeScene: subscribed ? 'ADD_SCENE_SEARCH' : '',
      qrScene: 0,
      qrSceneStr: '',
      blocksTemplates: input.blocksTemplates ?? false,
      windows: [],
    };
    this.followers.set(follower.openid, follower);
    return follower;
  }

  followerOf(appId: string, openid: string): Follower | undefined {
    const follower = this.followers.get(openid);
    return follower?.appId === appId ? follower : undefined;
  }

  misbehaviourOf(appId: string): MisbehaviourState {
    let state = this.misbehaviour.get(appId);
    if (!state) {
      state = new MisbehaviourState();
      this.misbehaviour.set(appId, state);
    }
    return state;
  }

  record(
    kind: SentMessage['kind'],
    appId: string,
    touser: string,
    body: Record<string, unknown>,
  ): SentMessage {
    const message: SentMessage = { seq: this.nextSeq(), kind, appId, touser, at: this.now(), body };
    this.sent.push(message);
    if (this.sent.length > LOG_LIMIT) this.sent.splice(0, this.sent.length - LOG_LIMIT);
    return message;
  }

  logCall(record: Omit<CallRecord, 'seq'>): void {
    this.calls.push({ seq: this.nextSeq(), ...record });
    if (this.calls.length > LOG_LIMIT) this.calls.splice(0, this.calls.length - LOG_LIMIT);
  }

  addDelivery(delivery: Delivery): void {
    this.deliveries.push(delivery);
    if (this.deliveries.length > LOG_LIMIT) this.deliveries.splice(0, this.deliveries.length - LOG_LIMIT);
  }
}

const ORDER_SHIPPED_TEMPLATE =
  '{{first.DATA}}\n订单号：{{keyword1.DATA}}\n快递公司：{{keyword2.DATA}}\n快递单号：{{keyword3.DATA}}\n{{remark.DATA}}';
