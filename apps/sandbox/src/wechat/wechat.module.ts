import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiGate } from './api/gate';
import { MessageController } from './api/message.controller';
import { OauthController } from './api/oauth.controller';
import { WechatParseErrorFilter } from './api/parse-error.filter';
import { SnsController } from './api/sns.controller';
import { TokenController } from './api/token.controller';
import { AccessTokens } from './api/tokens';
import { UserController } from './api/user.controller';
import { AccountsController } from './control/accounts.controller';
import { FollowerActions } from './control/actions';
import { FollowersController } from './control/followers.controller';
import { RecordsController } from './control/records.controller';
import { PushDeliverer } from './push/deliverer';
import { WechatStore } from './state/store';

/**
 * WeChat Official Account as the platform: pushes to the merchant's callback URL, the APIs under /cgi-bin, /sns
 * and /connect (real host: api.weixin.qq.com / open.weixin.qq.com), and the sandbox's own control API at
 * /_sandbox/wechat. State is in memory, one store per app instance.
 */
@Module({
  controllers: [
    TokenController,
    MessageController,
    UserController,
    OauthController,
    SnsController,
    AccountsController,
    FollowersController,
    RecordsController,
  ],
  providers: [
    WechatStore,
    AccessTokens,
    ApiGate,
    PushDeliverer,
    FollowerActions,
    { provide: APP_FILTER, useClass: WechatParseErrorFilter },
  ],
})
export class WechatSandboxModule {}
