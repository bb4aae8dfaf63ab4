export { CatalogModule, catalogSchema } from './catalog.module';
export { ProductsService } from './products.service';
export type { CreateProductInput, UpdateProductInput, ProductQuery } from './products.service';
export { SkusService } from './skus.service';
export type { CreateSkuInput, UpdateSkuInput, SkuQuery } from './skus.service';
export { ListingsService, MAX_LISTINGS_PER_UPSERT } from './listings.service';
export type {
  ChannelListingInput,
  ListingUpsertResult,
  ListingQuery,
  SkuListing,
  ResolvedSku,
} from './listings.service';
export { CatalogImportsService, IMPORT_JOB } from './imports.service';
export { MAX_REPORTED_ERRORS } from './import-runner';
export { ChannelAccountDirectory, CHANNEL_TYPES } from './channel-account-directory';
export type { ChannelAccountRef, ChannelType, ChannelAccountStatus } from './channel-account-directory';
export { CATALOG_EVENTS } from './events';
export type { SkuEventPayload, ListingEventPayload } from './events';
export type { ProductView, SkuView, ListingView, ImportView } from './views';
export type { AttributeDef, Attributes, ProductStatus, SkuStatus, ImportRowError } from './entities';
export { IMPORT_COLUMNS } from './csv-rows';
export { MAX_IMPORT_ROWS } from './csv-source';
export { attributeProblem, parseAttributeText } from './attributes';
