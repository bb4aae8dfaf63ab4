import { Column, Entity } from 'typeorm';
import { IntColumn, TenantEntity } from '@tongdao/persistence';

/** A shop's guarantee-transaction setting; a shop without a row does not hold funds. */
@Entity('settlement_policies')
export class SettlementPolicyRow extends TenantEntity {
  @Column({ name: 'shop_id', type: 'varchar', length: 26 })
  shopId: string;

  @Column({ name: 'guarantee_enabled', type: 'boolean' })
  guaranteeEnabled: boolean;

  /** Days after delivery before held funds settle without the buyer's confirmation. */
  @IntColumn('auto_confirm_days')
  autoConfirmDays: number;
}
