export { IdentityModule, identitySchema } from './identity.module';
export { AuthService } from './auth.service';
export { AuditLog } from './audit/audit-log.service';
export type { AuditRecord } from './audit/audit-log.service';
