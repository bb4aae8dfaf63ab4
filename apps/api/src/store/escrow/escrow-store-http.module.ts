import { Module } from '@nestjs/common';
import { StorefrontModule } from '@tongdao/storefront';
import { SettlementLedgerController } from './settlement-ledger.controller';

/** The merchant's guarantee-transaction ledger (/admin/v1/settlement). */
@Module({ imports: [StorefrontModule], controllers: [SettlementLedgerController] })
export class EscrowStoreHttpModule {}
