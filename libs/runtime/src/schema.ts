import { catalogSchema } from '@tongdao/catalog';
import { channelsSchema } from '@tongdao/channels';
import { crmSchema } from '@tongdao/crm';
import { erpSchema } from '@tongdao/erp';
import { identitySchema } from '@tongdao/identity';
import { inventorySchema } from '@tongdao/inventory';
import { jobsSchema } from '@tongdao/jobs';
import { logisticsSchema } from '@tongdao/logistics';
import { ordersSchema } from '@tongdao/orders';
import { SchemaContribution } from '@tongdao/persistence';
import { storefrontSchema } from '@tongdao/storefront';

const contributions: SchemaContribution[] = [
  jobsSchema,
  identitySchema,
  catalogSchema,
  inventorySchema,
  channelsSchema,
  crmSchema,
  ordersSchema,
  erpSchema,
  storefrontSchema,
  logisticsSchema,
];

/** Every context's entities and migrations, in one list for the one data source. */
export const tongdaoSchema: SchemaContribution = {
  entities: contributions.flatMap((c) => c.entities as []),
  migrations: contributions.flatMap((c) => c.migrations as []),
};
