import { Module } from '@nestjs/common';
import { IdentityModule } from '@tongdao/identity';
import { AuthController } from './auth.controller';
import { MerchantController, ShopsController } from './shops.controller';
import { RolesController, StaffController } from './staff.controller';

@Module({
  imports: [IdentityModule],
  controllers: [AuthController, StaffController, RolesController, ShopsController, MerchantController],
})
export class IdentityHttpModule {}
