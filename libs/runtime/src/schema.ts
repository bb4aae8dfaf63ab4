import { catalogSchema } from '@tongdao/catalog';
import { channelsSchema } from '@tongdao/channels';
import { crmSchema } from '@tongdao/crm';
import { identitySchema } from '@tongdao/identity';
import { inventorySchema } from '@tongdao/inventory';
import { jobsSchema } from '@tongdao/jobs';
import { ordersSchema } from '@tongdao/orders';
import { SchemaContribution } from '@tongdao/persistence';

const contributions: SchemaContribution[] = [
  jobsSchema,
  identitySchema,
  catalogSchema,
  inventorySchema,
  channelsSchema,
  crmSchema,
  ordersSchema,
];

/** Every context's entities and migrations, in one list for the one data source. */
export const tongdaoSchema: SchemaContribution = {
  entities: contributions.flatMap((c) => c.entities as []),
  migrations: contributions.flatMap((c) => c.migrations as []),
};
