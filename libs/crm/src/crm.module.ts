import { Module } from '@nestjs/common';
import { SchemaContribution } from '@tongdao/persistence';
import { CrmSchema1763900006000 } from './crm.migration';
import { CustomersService } from './customers.service';
import { CustomerIdentityRow, CustomerRow } from './entities';

export const crmSchema: SchemaContribution = {
  entities: [CustomerRow, CustomerIdentityRow],
  migrations: [CrmSchema1763900006000],
};

@Module({ providers: [CustomersService], exports: [CustomersService] })
export class CrmModule {}
