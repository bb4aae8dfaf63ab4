import { ConflictException, Injectable } from '@nestjs/common';
import { openWindow } from '../api/cs-window';
import { PushEvent } from '../push/events';
import { PushDeliverer } from '../push/deliverer';
import { Delivery, Follower, OfficialAccount, QrCode } from '../state/model';
import { WechatStore } from '../state/store';
import { SceneDto } from './dto';

const TEMP_QR_MS = 30 * 24 * 3600 * 1000;

/** What a WeChat user does: the follower's state changes first (as on the platform), then the push goes out. */
@Injectable()
export class FollowerActions {
  constructor(
    private readonly store: WechatStore,
    private readonly deliverer: PushDeliverer,
  ) {}

  async text(
    account: OfficialAccount,
    follower: Follower,
    content: string,
    wait?: boolean,
  ): Promise<Delivery> {
    this.requireFollowing(follower, 'send a message');
    this.requireCallback(account);
    const now = this.store.now();
    follower.lastMessageAt = now;
    openWindow(follower, 'message', now, account.settings.csQuota);
    return this.send(account, follower, { kind: 'text', content }, wait);
  }

  async subscribe(account: OfficialAccount, follower: Follower, body: SceneDto): Promise<Delivery> {
    if (follower.subscribed) throw new ConflictException('already following: a QR scan is a SCAN event');
    this.requireCallback(account);
    const code =
      body.ticket !== undefined || body.scene !== undefined ? this.qrCode(account, body) : undefined;
    const now = this.store.now();
    Object.assign(follower, {
      subscribed: true,
      subscribeTime: now,
      subscribeScene: code ? 'ADD_SCENE_QR_CODE' : 'ADD_SCENE_SEARCH',
      qrScene: code && /^(QR_SCENE|QR_LIMIT_SCENE)$/.test(code.action) ? Number(code.scene) : 0,
      qrSceneStr: code && code.action.includes('STR') ? code.scene : '',
    });
    openWindow(follower, 'subscribe', now, account.settings.csQuota);
    const event: PushEvent = code
      ? { kind: 'subscribe', scene: code.scene, ticket: code.ticket }
      : { kind: 'subscribe' };
    return this.send(account, follower, event, body.wait);
  }

  async unsubscribe(account: OfficialAccount, follower: Follower, wait?: boolean): Promise<Delivery> {
    this.requireFollowing(follower, 'unsubscribe');
    this.requireCallback(account);
    Object.assign(follower, {
      subscribed: false,
      subscribeTime: undefined,
      subscribeScene: '',
      qrScene: 0,
      qrSceneStr: '',
    });
    follower.windows = [];
    return this.send(account, follower, { kind: 'unsubscribe' }, wait);
  }

  async scan(account: OfficialAccount, follower: Follower, body: SceneDto): Promise<Delivery> {
    this.requireFollowing(follower, 'scan (a non-follower scanning subscribes: use /subscribe)');
    this.requireCallback(account);
    const code = this.qrCode(account, body);
    openWindow(follower, 'scan', this.store.now(), account.settings.csQuota);
    return this.send(account, follower, { kind: 'SCAN', scene: code.scene, ticket: code.ticket }, body.wait);
  }

  async click(account: OfficialAccount, follower: Follower, key: string, wait?: boolean): Promise<Delivery> {
    this.requireFollowing(follower, 'click a menu');
    this.requireCallback(account);
    openWindow(follower, 'click', this.store.now(), account.settings.csQuota);
    return this.send(account, follower, { kind: 'CLICK', key }, wait);
  }

  async view(
    account: OfficialAccount,
    follower: Follower,
    url: string,
    menuId?: string,
    wait?: boolean,
  ): Promise<Delivery> {
    this.requireFollowing(follower, 'open a menu link');
    return this.send(account, follower, { kind: 'VIEW', url, menuId }, wait);
  }

  private send(
    account: OfficialAccount,
    follower: Follower,
    event: PushEvent,
    wait?: boolean,
  ): Promise<Delivery> {
    this.requireCallback(account);
    return this.deliverer.push(account, follower.openid, event, { wait });
  }

  /** The named ticket (live, of this account), or a temporary code made for the bare scene. */
  private qrCode(account: OfficialAccount, body: SceneDto): QrCode {
    const now = this.store.now();
    if (body.ticket !== undefined) {
      const code = this.store.qrCodes.get(body.ticket);
      if (!code || code.appId !== account.appId)
        throw new ConflictException('no such QR ticket for this account');
      if (code.expiresAt !== undefined && now >= code.expiresAt)
        throw new ConflictException('the QR code has expired');
      return code;
    }
    if (body.scene === undefined) throw new ConflictException('give a ticket or a scene');
    const numeric = /^[1-9]\d{0,8}$/.test(body.scene);
    const code: QrCode = {
      appId: account.appId,
      ticket: `gQ${this.store.rng.alnum(62)}==`,
      url: `http://weixin.qq.com/q/${this.store.randomId(22)}`,
      action: numeric ? 'QR_SCENE' : 'QR_STR_SCENE',
      scene: body.scene,
      createdAt: now,
      expiresAt: now + TEMP_QR_MS,
    };
    this.store.qrCodes.set(code.ticket, code);
    return code;
  }

  private requireFollowing(follower: Follower, what: string): void {
    if (!follower.subscribed)
      throw new ConflictException(`the user does not follow the account and cannot ${what}`);
  }

  private requireCallback(account: OfficialAccount): void {
    if (!account.callbackUrl) throw new ConflictException('the account has no callback URL');
  }
}
