export { CrmModule, crmSchema } from './crm.module';
export { CustomersService } from './customers.service';
export type { BuyerRef, ChannelIdentity, CustomerProfile } from './customers.service';
export { IDENTITY_KINDS } from './entities';
export type { IdentityKind } from './entities';
