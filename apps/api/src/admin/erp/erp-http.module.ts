import { Module } from '@nestjs/common';
import { ErpModule } from '@tongdao/erp';
import { ErpController } from './erp.controller';

@Module({ imports: [ErpModule], controllers: [ErpController] })
export class ErpHttpModule {}
