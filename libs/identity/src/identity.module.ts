import { Module } from '@nestjs/common';
import { SchemaContribution } from '@tongdao/persistence';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditLog } from './audit/audit-log.service';
import { AuditQueryService } from './audit/audit-query.service';
import { AuthService } from './auth.service';
import { LoginThrottle, counterStoreProvider } from './auth/counter-store';
import { MerchantRow, RoleRow, SessionRow, ShopRow, StaffRow } from './entities';
import { IdentitySchema1763900001000 } from './identity.migration';
import { MerchantService } from './merchant.service';
import { OrderAccessPolicy } from './policies/order-access.policy';
import { RefundPolicy } from './policies/refund.policy';
import { IdentityRepositories } from './repositories';
import { RolesService } from './roles.service';
import { ShopsService } from './shops.service';
import { SignupService } from './signup.service';
import { StaffService } from './staff.service';

export const identitySchema: SchemaContribution = {
  entities: [MerchantRow, ShopRow, RoleRow, StaffRow, SessionRow, AuditEntry],
  migrations: [IdentitySchema1763900001000],
};

const publicServices = [
  AuthService,
  AuditLog,
  AuditQueryService,
  SignupService,
  StaffService,
  RolesService,
  ShopsService,
  MerchantService,
  OrderAccessPolicy,
  RefundPolicy,
];

@Module({
  providers: [...publicServices, IdentityRepositories, LoginThrottle, counterStoreProvider],
  exports: publicServices,
})
export class IdentityModule {}
