import { Module } from '@nestjs/common';
import { StorefrontModule } from '@tongdao/storefront';
import { PaymentRequestsAdminController } from './payment-requests-admin.controller';
import { PaymentRequestsController } from './payment-requests.controller';
import { SharesAdminController } from './shares-admin.controller';
import { SharesController } from './shares.controller';

/** Payment requests and share links: the buyers' /store/v1 routes and the staff's /admin/v1 ones. */
@Module({
  imports: [StorefrontModule],
  controllers: [
    PaymentRequestsController,
    PaymentRequestsAdminController,
    SharesController,
    SharesAdminController,
  ],
})
export class EngagementStoreHttpModule {}
