import { IdColumn, RefColumn, UtcColumn } from './columns';

/** Every tenant-owned row: app-generated time-ordered id, the owning merchant, UTC timestamps. */
export abstract class TenantEntity {
  @IdColumn()
  id: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @UtcColumn('created_at')
  createdAt: Date;

  @UtcColumn('updated_at')
  updatedAt: Date;
}
