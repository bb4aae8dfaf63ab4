import { Module } from '@nestjs/common';
import { SchemaContribution } from '@tongdao/persistence';

export const catalogSchema: SchemaContribution = { entities: [], migrations: [] };

@Module({})
export class CatalogModule {}
