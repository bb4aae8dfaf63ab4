import { Module } from '@nestjs/common';
import { ErpSandboxModule } from './erp/erp.module';
import { SandboxController } from './sandbox.controller';
import { TaobaoSandboxModule } from './taobao/taobao.module';
import { TrackerSandboxModule } from './tracker/tracker.module';
import { WechatSandboxModule } from './wechat/wechat.module';
import { WechatpaySandboxModule } from './wechatpay/wechatpay.module';

/**
 * Protocol-faithful simulators of the platforms Tongdao talks to (Taobao TOP, WeChat, Weibo, the ERP, the
 * courier tracker). It is the platform side: it keeps no Tongdao data and shares no code with the adapters.
 */
@Module({
  imports: [
    TaobaoSandboxModule,
    WechatSandboxModule,
    WechatpaySandboxModule,
    ErpSandboxModule,
    TrackerSandboxModule,
  ],
  controllers: [SandboxController],
})
export class SandboxModule {}
