import { Injectable } from '@nestjs/common';
import { WechatAccessTokens, WechatApp } from './access-tokens';
import { WechatApiError } from './wechat-api-error';
import { WechatJson, WechatRequest, wechatRequest } from './wechat-http';

/**
 * Calls the WeChat API of one official account with its shared access token. A stale-token answer
 * (40001/42001/40014) replaces the token — once across all processes — and retries the call once.
 */
@Injectable()
export class WechatApiClient {
  constructor(private readonly tokens: WechatAccessTokens) {}

  async call(app: WechatApp, request: WechatRequest): Promise<WechatJson> {
    const token = await this.tokens.current(app);
    try {
      return await this.send(app, request, token);
    } catch (error) {
      if (!(error instanceof WechatApiError) || !error.staleToken) throw error;
      const fresh = await this.tokens.replace(app, token);
      return this.send(app, request, fresh);
    }
  }

  post(app: WechatApp, path: string, body: unknown): Promise<WechatJson> {
    return this.call(app, { method: 'POST', path, body });
  }

  private send(app: WechatApp, request: WechatRequest, token: string): Promise<WechatJson> {
    return wechatRequest(app.apiBaseUrl, {
      ...request,
      query: { ...request.query, access_token: token },
    });
  }
}
