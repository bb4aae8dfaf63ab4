import { Module } from '@nestjs/common';
import { StorefrontModule } from '@tongdao/storefront';
import { BuyersController } from './buyers.controller';

/** /store/v1 buyer sign-in (WeChat OAuth), profile and sign-out. */
@Module({ imports: [StorefrontModule], controllers: [BuyersController] })
export class BuyersStoreHttpModule {}
