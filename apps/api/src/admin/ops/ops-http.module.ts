import { Module } from '@nestjs/common';
import { IdentityModule } from '@tongdao/identity';
import { DeadLettersController } from './dead-letters.controller';

@Module({ imports: [IdentityModule], controllers: [DeadLettersController] })
export class OpsHttpModule {}
