import { Module } from '@nestjs/common';
import { WechatModule } from '@tongdao/channels';
import { WechatCustomerMessagesController } from './customer-messages.controller';
import { WechatNotificationTemplatesController } from './notification-templates.controller';
import { WechatQrCodesController } from './qr-codes.controller';

@Module({
  imports: [WechatModule],
  controllers: [
    WechatNotificationTemplatesController,
    WechatCustomerMessagesController,
    WechatQrCodesController,
  ],
})
export class WechatOutboundHttpModule {}
