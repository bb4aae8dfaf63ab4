import { Injectable } from '@nestjs/common';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { StoreCartItemRow, StoreShelfProductRow } from './shelf.entities';

/** The shelf's and the cart's tables (tenant-scoped). */
@Injectable()
export class ShelfRepositories {
  readonly shelf: TenantRepository<StoreShelfProductRow>;
  readonly cart: TenantRepository<StoreCartItemRow>;

  constructor(tx: TransactionRunner) {
    this.shelf = new TenantRepository(tx, StoreShelfProductRow, 'product on the shelf');
    this.cart = new TenantRepository(tx, StoreCartItemRow, 'cart item');
  }
}
