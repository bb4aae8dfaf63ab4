import { Module } from '@nestjs/common';
import { LogisticsModule } from '@tongdao/logistics';
import { LogisticsController } from './logistics.controller';

@Module({ imports: [LogisticsModule], controllers: [LogisticsController] })
export class LogisticsHttpModule {}
