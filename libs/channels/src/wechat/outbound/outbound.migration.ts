import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class WechatOutboundSchema1763900009500 implements MigrationInterface {
  name = 'WechatOutboundSchema1763900009500';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'wechat_notification_templates',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.string('event', 32),
        col.string('template_id', 128),
        col.text('fields'),
        col.string('url', 500, true),
        col.bool('enabled', true),
        ...col.timestamps(),
      ],
      [index('wechat_notification_templates', ['merchant_id', 'shop_id', 'event'], true)],
    );
    await createTable(
      q,
      'wechat_outbound_messages',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.ref('customer_id', true),
        col.string('openid', 128),
        col.string('kind', 16),
        col.string('status', 16),
        col.string('msgid', 32, true),
        col.string('client_msg_id', 64),
        col.string('source', 32),
        col.ref('order_id', true),
        col.ref('staff_id', true),
        col.text('payload'),
        col.string('error', 500, true),
        col.bigint('attempts', false, 0),
        col.datetime('finished_at', true),
        ...col.timestamps(),
      ],
      [
        index('wechat_outbound_messages', ['merchant_id', 'client_msg_id'], true),
        index('wechat_outbound_messages', ['channel_account_id', 'msgid']),
        index('wechat_outbound_messages', ['merchant_id', 'customer_id', 'id']),
      ],
    );
    await createTable(
      q,
      'wechat_qr_codes',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.string('scene', 64),
        col.bool('permanent'),
        col.string('ticket', 255),
        col.string('url', 255),
        col.bigint('expire_seconds', true),
        col.datetime('expires_at', true),
        col.ref('created_by', true),
        ...col.timestamps(),
      ],
      [index('wechat_qr_codes', ['merchant_id', 'channel_account_id', 'id'])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('wechat_qr_codes', true);
    await q.dropTable('wechat_outbound_messages', true);
    await q.dropTable('wechat_notification_templates', true);
  }
}
