import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class LogisticsSchema1763900011500 implements MigrationInterface {
  name = 'LogisticsSchema1763900011500';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'shipment_trackings',
      [
        col.id(),
        col.merchantId(),
        col.ref('shipment_id'),
        col.ref('order_id'),
        col.ref('shop_id'),
        col.string('channel_type', 16),
        col.string('carrier_code', 32),
        col.string('tracker_company', 32),
        col.string('tracking_no', 64),
        col.string('state', 24),
        col.string('tracker_state', 8, true),
        col.datetime('last_event_at', true),
        col.string('last_context', 500, true),
        col.datetime('delivered_at', true),
        col.string('salt', 64),
        col.string('subscription_status', 16),
        col.bigint('subscribe_attempts', false, 0),
        col.string('last_error', 500, true),
        col.datetime('subscribed_at', true),
        ...col.timestamps(),
      ],
      [
        index('shipment_trackings', ['merchant_id', 'shipment_id'], true),
        index('shipment_trackings', ['merchant_id', 'order_id']),
      ],
    );
    await createTable(
      q,
      'shipment_tracking_events',
      [
        col.id(),
        col.merchantId(),
        col.ref('tracking_id'),
        col.ref('shipment_id'),
        col.datetime('event_time'),
        col.string('context', 500),
        col.string('state', 24, true),
        col.string('area_name', 100, true),
        col.string('fingerprint', 40),
        col.text('raw'),
        ...col.timestamps(),
      ],
      [
        index('shipment_tracking_events', ['tracking_id', 'fingerprint'], true),
        index('shipment_tracking_events', ['merchant_id', 'tracking_id', 'event_time']),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('shipment_tracking_events', true);
    await q.dropTable('shipment_trackings', true);
  }
}
