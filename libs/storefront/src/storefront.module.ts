import { Module } from '@nestjs/common';
import { CatalogModule } from '@tongdao/catalog';
import { ChannelsModule, WechatModule } from '@tongdao/channels';
import { CrmModule } from '@tongdao/crm';
import { IdentityModule } from '@tongdao/identity';
import { InventoryModule } from '@tongdao/inventory';
import { OrdersModule } from '@tongdao/orders';
import { SchemaContribution } from '@tongdao/persistence';
import { AreaParts } from './area-parts';
import { BUYERS_PARTS } from './buyers/buyers.parts';
import { CHECKOUT_PARTS } from './checkout/checkout.parts';
import { ENGAGEMENT_PARTS } from './engagement/engagement.parts';
import { ESCROW_PARTS } from './escrow/escrow.parts';
import { PAYMENTS_PARTS } from './payments/payments.parts';
import { SHELF_PARTS } from './shelf/shelf.parts';

const AREAS: AreaParts[] = [
  BUYERS_PARTS,
  SHELF_PARTS,
  CHECKOUT_PARTS,
  PAYMENTS_PARTS,
  ENGAGEMENT_PARTS,
  ESCROW_PARTS,
];

export const storefrontSchema: SchemaContribution = {
  entities: AREAS.flatMap((a) => a.entities),
  migrations: AREAS.flatMap((a) => a.migrations),
};

/**
 * The WeChat shop Tongdao runs itself (/store/v1): buyers signed in through WeChat OAuth, the shelf and
 * cart, checkout into the unified order desk, WeChat Pay, guarantee-transaction ledger, payment requests
 * and share links. It sits on the core contexts and the WeChat channel; nothing in the core imports it.
 */
@Module({
  imports: [
    CatalogModule,
    ChannelsModule,
    WechatModule,
    CrmModule,
    IdentityModule,
    InventoryModule,
    OrdersModule,
  ],
  providers: AREAS.flatMap((a) => a.providers),
  exports: AREAS.flatMap((a) => a.exports),
})
export class StorefrontModule {}
