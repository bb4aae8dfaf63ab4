import { Module } from '@nestjs/common';
import { SchemaContribution } from '@tongdao/persistence';

export const inventorySchema: SchemaContribution = { entities: [], migrations: [] };

@Module({})
export class InventoryModule {}
