import {
  WechatNotificationTemplateRow,
  WechatOutboundMessageRow,
  WechatQrCodeRow,
} from './outbound.entities';
import { WechatOutboundSchema1763900009500 } from './outbound.migration';

/** Tables of the outbound side (templates, message log, QR codes), spread into channelsSchema. */
export const wechatOutboundEntities = [
  WechatNotificationTemplateRow,
  WechatOutboundMessageRow,
  WechatQrCodeRow,
];
export const wechatOutboundMigrations = [WechatOutboundSchema1763900009500];
