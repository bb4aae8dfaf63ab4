import { Module } from '@nestjs/common';
import { SchemaContribution } from '@tongdao/persistence';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditLog } from './audit/audit-log.service';
import { AuthService } from './auth.service';
import { IdentitySchema1763900001000 } from './identity.migration';

export const identitySchema: SchemaContribution = {
  entities: [AuditEntry],
  migrations: [IdentitySchema1763900001000],
};

@Module({ providers: [AuthService, AuditLog], exports: [AuthService, AuditLog] })
export class IdentityModule {}
