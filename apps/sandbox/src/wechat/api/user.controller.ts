import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QR_ACTIONS, QrAction, QrCode } from '../state/model';
import { WechatStore } from '../state/store';
import { isObject, jsonBody, queryParam } from './body';
import { wechatErrors } from './errors';
import { ApiGate } from './gate';
import { AccessTokens } from './tokens';

const MAX_TEMP_SECONDS = 30 * 24 * 3600;

/** Follower profile and parametric QR codes. */
@Controller('cgi-bin')
export class UserController {
  constructor(
    private readonly store: WechatStore,
    private readonly gate: ApiGate,
    private readonly tokens: AccessTokens,
  ) {}

  /** Since 2021-12 the profile no longer carries nickname, sex, region or avatar: only subscription facts. */
  @Get('user/info')
  async info(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accessToken = queryParam(req, 'access_token');
    const call = { method: 'GET', path: '/cgi-bin/user/info', appId: this.tokens.appIdOf(accessToken) };
    await this.gate.serve(res, call, () => {
      const account = this.tokens.authenticate(accessToken);
      const openid = queryParam(req, 'openid');
      if (!openid) throw wechatErrors.openidMissing();
      const follower = this.store.followerOf(account.appId, openid);
      if (!follower) throw wechatErrors.invalidOpenid();
      const unionid = account.settings.openPlatformBound ? follower.unionid : undefined;
      if (!follower.subscribed) return { subscribe: 0, openid, unionid };
      return {
        subscribe: 1,
        openid,
        language: queryParam(req, 'lang') ?? 'zh_CN',
        subscribe_time: Math.floor((follower.subscribeTime ?? 0) / 1000),
        unionid,
        remark: '',
        groupid: 0,
        tagid_list: [],
        subscribe_scene: follower.subscribeScene,
        qr_scene: follower.qrScene,
        qr_scene_str: follower.qrSceneStr,
      };
    });
  }

  @Post('qrcode/create')
  async qrcode(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accessToken = queryParam(req, 'access_token');
    const call = { method: 'POST', path: '/cgi-bin/qrcode/create', appId: this.tokens.appIdOf(accessToken) };
    await this.gate.serve(res, call, async () => {
      const account = this.tokens.authenticate(accessToken);
      const body = await jsonBody(req);
      const action = body.action_name as QrAction;
      if (!QR_ACTIONS.includes(action)) throw wechatErrors.invalidActionInfo();
      const scene = sceneOf(action, body.action_info);
      const permanent = action.startsWith('QR_LIMIT');
      const asked = typeof body.expire_seconds === 'number' ? Math.floor(body.expire_seconds) : 60;
      const expireSeconds = Math.min(Math.max(asked, 1), MAX_TEMP_SECONDS);
      const now = this.store.now();
      const code: QrCode = {
        appId: account.appId,
        ticket: `gQ${this.store.rng.alnum(62)}==`,
        url: `http://weixin.qq.com/q/${this.store.randomId(22)}`,
        action,
        scene,
        createdAt: now,
        expiresAt: permanent ? undefined : now + expireSeconds * 1000,
      };
      this.store.qrCodes.set(code.ticket, code);
      return { ticket: code.ticket, expire_seconds: permanent ? undefined : expireSeconds, url: code.url };
    });
  }
}

/** scene_id: 32-bit non-zero (QR_LIMIT_SCENE 1–100000); scene_str: 1–64 characters. 40053 otherwise. */
function sceneOf(action: QrAction, info: unknown): string {
  const scene = isObject(info) && isObject(info.scene) ? info.scene : undefined;
  if (!scene) throw wechatErrors.invalidActionInfo();
  if (action === 'QR_STR_SCENE' || action === 'QR_LIMIT_STR_SCENE') {
    const text = scene.scene_str;
    if (typeof text !== 'string' || text.length < 1 || text.length > 64)
      throw wechatErrors.invalidActionInfo();
    return text;
  }
  const id = scene.scene_id;
  const max = action === 'QR_LIMIT_SCENE' ? 100_000 : 4_294_967_295;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > max)
    throw wechatErrors.invalidActionInfo();
  return String(id);
}
