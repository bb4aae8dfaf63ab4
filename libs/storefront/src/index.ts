export { StorefrontModule, storefrontSchema } from './storefront.module';
export * from './buyers';
export * from './shelf';
export * from './checkout';
export * from './payments';
export * from './engagement';
export * from './escrow';
