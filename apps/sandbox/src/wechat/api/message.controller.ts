import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TemplateStatus } from '../state/misbehaviour';
import { Follower, OfficialAccount } from '../state/model';
import { WechatStore } from '../state/store';
import { PushDeliverer } from '../push/deliverer';
import { isObject, jsonBody, queryParam } from './body';
import { consumeWindow } from './cs-window';
import { wechatErrors } from './errors';
import { ApiGate } from './gate';
import { AccessTokens } from './tokens';

const CUSTOM_TYPES = [
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news',
  'mpnews',
  'mpnewsarticle',
  'msgmenu',
  'wxcard',
  'miniprogrampage',
];
/** How long after a template send the platform reports the outcome with TEMPLATESENDJOBFINISH. */
const JOB_FINISH_DELAY_MS = 100;

/** Template (§1.7) and customer-service (§1.8) messages: checked, recorded for the control API, then "sent". */
@Controller('cgi-bin/message')
export class MessageController {
  constructor(
    private readonly store: WechatStore,
    private readonly gate: ApiGate,
    private readonly tokens: AccessTokens,
    private readonly deliverer: PushDeliverer,
  ) {}

  @Post('template/send')
  async template(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accessToken = queryParam(req, 'access_token');
    const call = {
      method: 'POST',
      path: '/cgi-bin/message/template/send',
      appId: this.tokens.appIdOf(accessToken),
    };
    await this.gate.serve(res, call, async () => {
      const account = this.tokens.authenticate(accessToken);
      const body = await jsonBody(req);
      const follower = this.follower(account, body.touser);
      const template =
        typeof body.template_id === 'string' ? this.store.templates.get(body.template_id) : undefined;
      if (!template || template.appId !== account.appId) throw wechatErrors.invalidTemplateId();
      if (body.data !== undefined && !isObject(body.data)) throw wechatErrors.dataFormat();
      if (body.url !== undefined && typeof body.url !== 'string') throw wechatErrors.dataFormat();
      if (!follower.subscribed) throw wechatErrors.requireSubscribe();
      // A repeated client_msg_id for the same user is the same message: same msgid, nothing sent twice.
      const key =
        typeof body.client_msg_id === 'string'
          ? `${account.appId}/${follower.openid}/${body.client_msg_id}`
          : undefined;
      const earlier = key ? this.store.clientMsgIds.get(key) : undefined;
      if (earlier) return { errcode: 0, errmsg: 'ok', msgid: BigInt(earlier) };
      const msgid = this.store.nextTemplateMsgId();
      if (key) this.store.clientMsgIds.set(key, msgid);
      const status: TemplateStatus = follower.blocksTemplates
        ? 'failed:user block'
        : (this.store.misbehaviourOf(account.appId).config.templateStatus ?? 'success');
      const sent = this.store.record('template', account.appId, follower.openid, body);
      sent.msgid = msgid;
      sent.status = status;
      if (account.callbackUrl) {
        const event = { kind: 'TEMPLATESENDJOBFINISH', msgId: msgid, status } as const;
        this.deliverer.pushLater(account, follower.openid, event, JOB_FINISH_DELAY_MS);
      }
      return { errcode: 0, errmsg: 'ok', msgid: BigInt(msgid) };
    });
  }

  @Post('custom/send')
  async custom(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accessToken = queryParam(req, 'access_token');
    const call = {
      method: 'POST',
      path: '/cgi-bin/message/custom/send',
      appId: this.tokens.appIdOf(accessToken),
    };
    await this.gate.serve(res, call, async () => {
      const account = this.tokens.authenticate(accessToken);
      const body = await jsonBody(req);
      const follower = this.follower(account, body.touser);
      const msgtype = body.msgtype;
      if (typeof msgtype !== 'string' || !CUSTOM_TYPES.includes(msgtype))
        throw wechatErrors.invalidMessageType();
      const content = body[msgtype];
      if (!isObject(content)) throw wechatErrors.dataFormat();
      if (msgtype === 'text' && (typeof content.content !== 'string' || content.content === ''))
        throw wechatErrors.invalidArgument('text.content');
      consumeWindow(follower, this.store.now());
      this.store.record('custom', account.appId, follower.openid, body);
      return { errcode: 0, errmsg: 'ok' };
    });
  }

  private follower(account: OfficialAccount, touser: unknown): Follower {
    const follower = typeof touser === 'string' ? this.store.followerOf(account.appId, touser) : undefined;
    if (!follower) throw wechatErrors.invalidOpenid();
    return follower;
  }
}
