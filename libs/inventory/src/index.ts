export { InventoryModule, inventorySchema } from './inventory.module';
