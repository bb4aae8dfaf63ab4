export { CatalogModule, catalogSchema } from './catalog.module';
