import { Column, Entity } from 'typeorm';
import { IdColumn, JsonColumn, MoneyColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

/** The tenant itself; its id is every tenant row's merchant_id. */
@Entity('merchants')
export class MerchantRow {
  @IdColumn()
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'active' | 'suspended';

  /** Largest refund a refunding role other than owner/admin may approve. */
  @MoneyColumn('refund_limit_fen')
  refundLimitFen: number;

  @UtcColumn('created_at')
  createdAt: Date;

  @UtcColumn('updated_at')
  updatedAt: Date;
}

@Entity('shops')
export class ShopRow extends TenantEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'active' | 'closed';
}

@Entity('roles')
export class RoleRow extends TenantEntity {
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @JsonColumn('permissions')
  permissions: string[];

  @Column({ name: 'order_scope', type: 'varchar', length: 16 })
  orderScope: 'all' | 'assigned';

  @Column({ name: 'built_in', type: 'boolean' })
  builtIn: boolean;
}

@Entity('staff')
export class StaffRow extends TenantEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Unique across the platform: people log in without naming their merchant. */
  @Column({ type: 'varchar', length: 40 })
  login: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 100 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'active' | 'disabled';

  @Column({ name: 'is_owner', type: 'boolean' })
  isOwner: boolean;

  @JsonColumn('role_ids')
  roleIds: string[];

  /** null = every shop of the merchant. */
  @JsonColumn('shop_ids', { nullable: true })
  shopIds: string[] | null;
}

/** An access token, kept only as its SHA-256. */
@Entity('sessions')
export class SessionRow {
  @IdColumn()
  id: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @RefColumn('staff_id')
  staffId: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @UtcColumn('expires_at')
  expiresAt: Date;

  @UtcColumn('revoked_at', { nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @UtcColumn('created_at')
  createdAt: Date;
}
