import { Controller, Get } from '@nestjs/common';

/** What this sandbox simulates; each platform issue adds its simulator here. */
@Controller()
export class SandboxController {
  @Get()
  index(): { name: string; simulators: string[] } {
    return { name: 'tongdao-sandbox', simulators: ['taobao', 'wechat', 'wechatpay', 'erp', 'tracker'] };
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}
