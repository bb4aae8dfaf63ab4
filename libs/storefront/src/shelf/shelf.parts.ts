import type { AreaParts } from '../area-parts';
import { ShelfCatalog } from './shelf-catalog.service';
import { ShelfPublishing } from './shelf-publishing.service';
import { StoreCartItemRow, StoreShelfProductRow } from './shelf.entities';
import { StoreShelfSchema1763900010100 } from './shelf.migration';
import { ShelfRepositories } from './shelf.repositories';
import { StoreCart } from './store-cart.service';
import { StoreShelf } from './store-shelf.service';
import { StoreShops } from './store-shops.service';

const PUBLIC = [StoreShops, StoreShelf, ShelfCatalog, ShelfPublishing, StoreCart];

export const SHELF_PARTS: AreaParts = {
  entities: [StoreShelfProductRow, StoreCartItemRow],
  migrations: [StoreShelfSchema1763900010100],
  providers: [ShelfRepositories, ...PUBLIC],
  exports: PUBLIC,
};
