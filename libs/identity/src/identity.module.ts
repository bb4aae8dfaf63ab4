import { Module } from '@nestjs/common';
import { SchemaContribution } from '@tongdao/persistence';
import { AuthService } from './auth.service';

export const identitySchema: SchemaContribution = { entities: [], migrations: [] };

@Module({ providers: [AuthService], exports: [AuthService] })
export class IdentityModule {}
