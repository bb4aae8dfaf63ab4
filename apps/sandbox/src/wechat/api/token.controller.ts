import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WechatStore } from '../state/store';
import { queryParam } from './body';
import { wechatErrors } from './errors';
import { ApiGate } from './gate';
import { AccessTokens, TOKEN_TTL_SECONDS } from './tokens';

/** `GET /cgi-bin/token` (§1.6): a fresh token each time; the previous one lives on for 5 minutes. */
@Controller('cgi-bin')
export class TokenController {
  constructor(
    private readonly store: WechatStore,
    private readonly gate: ApiGate,
    private readonly tokens: AccessTokens,
  ) {}

  @Get('token')
  async token(@Req() req: Request, @Res() res: Response): Promise<void> {
    const appId = queryParam(req, 'appid');
    await this.gate.serve(res, { method: 'GET', path: '/cgi-bin/token', appId }, () => {
      if (queryParam(req, 'grant_type') !== 'client_credential') throw wechatErrors.invalidGrantType();
      if (!appId) throw wechatErrors.appidMissing();
      const account = this.store.accounts.get(appId);
      if (!account) throw wechatErrors.invalidAppid();
      const secret = queryParam(req, 'secret');
      if (!secret) throw wechatErrors.secretMissing();
      if (secret !== account.appSecret) throw wechatErrors.invalidCredential();
      return { access_token: this.tokens.issue(account).token, expires_in: TOKEN_TTL_SECONDS };
    });
  }
}
