import { Column, Entity } from 'typeorm';
import { JsonColumn, TenantEntity } from '@tongdao/persistence';

/** One mutating staff action: who, on what, what changed, from which request. Append-only. */
@Entity('audit_log')
export class AuditEntry extends TenantEntity {
  @Column({ name: 'actor_staff_id', type: 'varchar', length: 26, nullable: true })
  actorStaffId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 100 })
  actorName: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'target_type', type: 'varchar', length: 40 })
  targetType: string;

  @Column({ name: 'target_id', type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  @JsonColumn('summary')
  summary: Record<string, unknown>;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}
