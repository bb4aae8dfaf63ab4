import { Injectable, Logger } from '@nestjs/common';
import {
  ChannelAccountsService,
  WechatAccounts,
  WechatNotificationTemplates,
  WechatReplyRules,
} from '@tongdao/channels';
import { RequestContext } from '@tongdao/kernel';
import { sandboxControl } from './sandbox-control';

/** Fixed so the callback signature and replies stay valid across restarts; the sandbox issues a new app each start. */
const DEMO_TOKEN = 'tongdaoDemoToken';
const DEMO_AES_KEY = 'TongdaoDemoEncodingAESKey0123456789abcdefgh';
const DEMO_NAME = '微信公众号 · Demo Tea House';

interface SandboxAccount {
  appId: string;
  appSecret: string;
  templates: Array<{ templateId: string; title: string }>;
}

/**
 * Connects the demo merchant's WeChat official account to the sandbox in safe mode: callbacks to this api,
 * two auto-reply rules (a greeting and a product search), paid/shipped notification templates, and a few
 * followers who arrive through the `spring` campaign QR code — all through the real protocols.
 */
@Injectable()
export class DemoWechat {
  private readonly logger = new Logger(DemoWechat.name);

  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly wechat: WechatAccounts,
    private readonly rules: WechatReplyRules,
    private readonly templates: WechatNotificationTemplates,
  ) {}

  async connect(
    owner: RequestContext,
    shopId: string,
    sandboxUrl: string,
    apiUrl: string,
  ): Promise<{ accountId: string; appId: string }> {
    const sandbox = await sandboxControl<SandboxAccount>(sandboxUrl, 'POST', '/_sandbox/wechat/accounts', {
      name: 'Demo Tea House',
      mode: 'safe',
      token: DEMO_TOKEN,
      encodingAESKey: DEMO_AES_KEY,
    });
    const credentials = {
      appId: sandbox.appId,
      appSecret: sandbox.appSecret,
      token: DEMO_TOKEN,
      encodingAESKey: DEMO_AES_KEY,
      apiBaseUrl: sandboxUrl,
    };
    const existing = (await this.accounts.list(owner, { type: 'wechat', limit: 100 })).items.find(
      (a) => a.name === DEMO_NAME,
    );
    const account = existing
      ? await this.wechat.reconnect(owner, existing.id, credentials)
      : await this.wechat.connect(owner, { shopId, name: DEMO_NAME, ...credentials });
    if (!existing) await this.configure(owner, account.id, shopId, sandboxUrl, sandbox.appId);
    else await this.templatesFor(owner, shopId, sandboxUrl, sandbox.appId);
    await sandboxControl(sandboxUrl, 'PATCH', `/_sandbox/wechat/accounts/${sandbox.appId}`, {
      callbackUrl: `${apiUrl}/channels/wechat/${account.id}`,
    });
    for (let i = 1; i <= 3; i++) {
      const created = await sandboxControl<{ followers: Array<{ openid: string }> }>(
        sandboxUrl,
        'POST',
        `/_sandbox/wechat/accounts/${sandbox.appId}/followers`,
        { nickname: `茶友${i}`, subscribed: false },
      );
      const follower = created.followers[0];
      await sandboxControl(
        sandboxUrl,
        'POST',
        `/_sandbox/wechat/accounts/${sandbox.appId}/followers/${follower.openid}/subscribe`,
        {
          scene: 'spring',
        },
      );
    }
    this.logger.log(
      { channelAccountId: account.id, appId: sandbox.appId },
      'demo WeChat account connected to the sandbox',
    );
    return { accountId: account.id, appId: sandbox.appId };
  }

  private async configure(
    owner: RequestContext,
    accountId: string,
    shopId: string,
    sandboxUrl: string,
    appId: string,
  ) {
    await this.rules.create(owner, accountId, {
      name: 'greeting',
      matchType: 'contains',
      pattern: '你好',
      replyKind: 'text',
      replyText: '您好，欢迎光临 Demo Tea House！回复茶名可查商品。',
    });
    await this.rules.create(owner, accountId, {
      name: 'product search',
      matchType: 'regex',
      pattern: '^(龙井|普洱|乌龙|红茶|tea)',
      replyKind: 'product_search',
    });
    await this.templatesFor(owner, shopId, sandboxUrl, appId);
  }

  /** The sandbox's template ids are new every start: the shop's settings follow them. */
  private async templatesFor(owner: RequestContext, shopId: string, sandboxUrl: string, appId: string) {
    const made = async (title: string, content: string) =>
      (
        await sandboxControl<{ templateId: string }>(
          sandboxUrl,
          'POST',
          `/_sandbox/wechat/accounts/${appId}/templates`,
          {
            title,
            content,
          },
        )
      ).templateId;
    const paid = await made('订单支付成功', '订单号：{{keyword1.DATA}}\n金额：{{keyword2.DATA}}');
    const shipped = await made('订单发货通知', '订单号：{{keyword1.DATA}}\n快递：{{keyword2.DATA}}');
    const settings = [
      {
        event: 'order.paid' as const,
        templateId: paid,
        fields: { keyword1: '{{externalOrderId}}', keyword2: '¥{{paidYuan}}' },
      },
      {
        event: 'order.shipped' as const,
        templateId: shipped,
        fields: { keyword1: '{{externalOrderId}}', keyword2: '{{carrierCode}} {{trackingNo}}' },
      },
    ];
    const current = await this.templates.list(owner, shopId);
    for (const setting of settings) {
      const found = current.find((c) => c.event === setting.event);
      if (found) await this.templates.update(owner, shopId, found.id, setting);
      else await this.templates.create(owner, shopId, setting);
    }
  }
}
