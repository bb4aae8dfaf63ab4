import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class WechatInboundSchema1763900009000 implements MigrationInterface {
  name = 'WechatInboundSchema1763900009000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'wechat_inbound_messages',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.string('dedup_key', 100),
        col.string('openid', 64),
        col.string('msg_type', 32),
        col.string('event', 32, true),
        col.string('event_key', 255, true),
        col.text('content', true),
        col.text('fields'),
        col.datetime('sent_at'),
        col.string('status', 16),
        col.ref('customer_id', true),
        col.text('reply_text', true),
        ...col.timestamps(),
      ],
      [
        index('wechat_inbound_messages', ['channel_account_id', 'dedup_key'], true),
        index('wechat_inbound_messages', ['merchant_id', 'customer_id', 'id']),
        index('wechat_inbound_messages', ['channel_account_id', 'openid']),
      ],
    );
    await createTable(
      q,
      'wechat_followers',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.string('openid', 64),
        col.string('unionid', 64, true),
        col.ref('customer_id', true),
        col.bool('subscribed'),
        col.string('scene', 64, true),
        col.datetime('subscribed_at', true),
        col.datetime('unsubscribed_at', true),
        col.datetime('state_at', true),
        ...col.timestamps(),
      ],
      [
        index('wechat_followers', ['channel_account_id', 'openid'], true),
        index('wechat_followers', ['channel_account_id', 'scene']),
      ],
    );
    await createTable(
      q,
      'wechat_customer_events',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.ref('inbound_message_id'),
        col.ref('customer_id', true),
        col.string('openid', 64),
        col.string('event', 32),
        col.string('event_key', 255, true),
        col.string('scene', 64, true),
        col.datetime('occurred_at'),
        ...col.timestamps(),
      ],
      [
        index('wechat_customer_events', ['inbound_message_id'], true),
        index('wechat_customer_events', ['channel_account_id', 'scene']),
        index('wechat_customer_events', ['merchant_id', 'customer_id', 'id']),
      ],
    );
    await createTable(
      q,
      'wechat_reply_rules',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.string('name', 100),
        col.string('match_type', 16),
        col.string('pattern', 200),
        col.string('reply_kind', 16),
        col.text('reply_text', true),
        col.bigint('priority', false, 100),
        col.bool('enabled', true),
        ...col.timestamps(),
      ],
      [index('wechat_reply_rules', ['merchant_id', 'channel_account_id'])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('wechat_reply_rules', true);
    await q.dropTable('wechat_customer_events', true);
    await q.dropTable('wechat_followers', true);
    await q.dropTable('wechat_inbound_messages', true);
  }
}
