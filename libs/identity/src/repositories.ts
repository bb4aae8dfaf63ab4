import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { AuditEntry } from './audit/audit-entry.entity';
import { MerchantRow, RoleRow, SessionRow, ShopRow, StaffRow } from './entities';

/**
 * Identity's tables. Tenant tables go through TenantRepository; merchants and sessions are read before a
 * tenant is known (signup, login, token lookup), so they are plain repositories that stay inside this lib.
 */
@Injectable()
export class IdentityRepositories {
  readonly shops: TenantRepository<ShopRow>;
  readonly roles: TenantRepository<RoleRow>;
  readonly staff: TenantRepository<StaffRow>;
  readonly audit: TenantRepository<AuditEntry>;

  constructor(private readonly tx: TransactionRunner) {
    this.shops = new TenantRepository(tx, ShopRow, 'shop');
    this.roles = new TenantRepository(tx, RoleRow, 'role');
    this.staff = new TenantRepository(tx, StaffRow, 'staff member');
    this.audit = new TenantRepository(tx, AuditEntry, 'audit entry');
  }

  merchants(): Repository<MerchantRow> {
    return this.tx.manager().getRepository(MerchantRow);
  }

  sessions(): Repository<SessionRow> {
    return this.tx.manager().getRepository(SessionRow);
  }

  /** Login names are unique platform-wide, so this lookup is deliberately not tenant-scoped. */
  staffByLogin(login: string): Promise<StaffRow | null> {
    return this.tx
      .manager()
      .getRepository(StaffRow)
      .findOne({ where: { login: login.toLowerCase() } });
  }

  staffById(id: string): Promise<StaffRow | null> {
    return this.tx.manager().getRepository(StaffRow).findOne({ where: { id } });
  }
}
