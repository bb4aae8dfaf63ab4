import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class StorePaymentsSchema1763900010300 implements MigrationInterface {
  name = 'StorePaymentsSchema1763900010300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createTable(
      queryRunner,
      'store_wechatpay_merchants',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.string('mchid', 32),
        col.string('merchant_serial', 64),
        col.string('platform_serial', 64),
        col.string('api_base_url', 300),
        col.text('sealed'),
        col.bigint('version'),
        col.datetime('configured_at'),
        ...col.timestamps(),
      ],
      [
        {
          ...index('store_wechatpay_merchants', ['channel_account_id'], true),
          name: 'uq_store_wechatpay_merchants_account',
        },
      ],
    );
    await createTable(
      queryRunner,
      'store_payments',
      [
        col.id(),
        col.merchantId(),
        col.ref('order_id'),
        col.ref('shop_id'),
        col.ref('channel_account_id'),
        col.string('state', 16),
        col.bigint('payable_fen'),
        col.string('prepay_id', 64, true),
        col.datetime('prepaid_at', true),
        col.string('transaction_id', 32, true),
        col.bigint('paid_fen', true),
        col.datetime('paid_at', true),
        col.datetime('closed_at', true),
        ...col.timestamps(),
      ],
      [
        { ...index('store_payments', ['merchant_id', 'order_id'], true), name: 'uq_store_payments_order' },
        index('store_payments', ['order_id']),
      ],
    );
    await createTable(
      queryRunner,
      'store_payment_notifications',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.string('notification_id', 64),
        col.string('event_type', 32),
        col.string('out_trade_no', 32),
        col.string('out_refund_no', 64, true),
        col.string('transaction_id', 32, true),
        col.bigint('amount_fen'),
        col.text('resource'),
        col.string('outcome', 24),
        col.datetime('handled_at', true),
        ...col.timestamps(),
      ],
      [
        {
          ...index('store_payment_notifications', ['channel_account_id', 'notification_id'], true),
          name: 'uq_store_payment_notifications',
        },
        index('store_payment_notifications', ['merchant_id', 'out_trade_no']),
      ],
    );
    await createTable(
      queryRunner,
      'store_payment_refunds',
      [
        col.id(),
        col.merchantId(),
        col.ref('order_id'),
        col.ref('channel_account_id'),
        col.string('out_refund_no', 64),
        col.ref('after_sale_id', true),
        col.bigint('amount_fen'),
        col.bigint('total_fen'),
        col.string('state', 16),
        col.string('refund_id', 64, true),
        col.string('failure', 200, true),
        col.bigint('attempts', false, 0),
        col.datetime('settled_at', true),
        ...col.timestamps(),
      ],
      [
        { ...index('store_payment_refunds', ['out_refund_no'], true), name: 'uq_store_payment_refunds_no' },
        index('store_payment_refunds', ['merchant_id', 'order_id']),
        index('store_payment_refunds', ['state', 'updated_at']),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'store_payment_refunds',
      'store_payment_notifications',
      'store_payments',
      'store_wechatpay_merchants',
    ]) {
      await queryRunner.dropTable(table, true);
    }
  }
}
