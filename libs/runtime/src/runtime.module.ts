import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { CatalogModule } from '@tongdao/catalog';
import { ChannelsModule, TaobaoModule, WechatModule } from '@tongdao/channels';
import { CrmModule } from '@tongdao/crm';
import { ErpModule } from '@tongdao/erp';
import { IdentityModule } from '@tongdao/identity';
import { InventoryModule } from '@tongdao/inventory';
import { JobsModule } from '@tongdao/jobs';
import { LogisticsModule } from '@tongdao/logistics';
import { OrdersModule } from '@tongdao/orders';
import { StorefrontModule } from '@tongdao/storefront';
import { TransactionRunner, dataSourceOptions } from '@tongdao/persistence';
import { ConfigModule } from './config.module';
import { loggerParams } from './logging';
import { RedisModule } from './redis.module';
import { tongdaoSchema } from './schema';

export type ProcessRole = 'api' | 'worker' | 'cli';

@Global()
@Module({})
class PersistenceModule {
  static forRoot(): DynamicModule {
    return { module: PersistenceModule, providers: [TransactionRunner], exports: [TransactionRunner] };
  }
}

/**
 * The composition root shared by every process: config, logs, the database, Redis, jobs and every bounded
 * context. Apps add their edge (HTTP controllers, job consumption) on top.
 */
@Module({})
export class RuntimeModule {
  static forRoot(config: AppConfig, role: ProcessRole): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, role)),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config, tongdaoSchema),
          migrationsRun: config.databaseKind === 'sqlite' && role !== 'cli',
        }),
        PersistenceModule.forRoot(),
        RedisModule.forRoot(config),
        JobsModule.forRoot(config, runsJobs(config, role)),
        IdentityModule,
        CatalogModule,
        InventoryModule,
        ChannelsModule,
        CrmModule,
        OrdersModule,
        TaobaoModule,
        WechatModule,
        ErpModule,
        StorefrontModule,
        LogisticsModule,
      ],
      exports: [
        IdentityModule,
        CatalogModule,
        InventoryModule,
        ChannelsModule,
        CrmModule,
        OrdersModule,
        TaobaoModule,
        WechatModule,
        ErpModule,
        StorefrontModule,
        LogisticsModule,
      ],
    };
  }
}

/** Workers always run jobs; the api does on the embedded default (one process), or when RUN_JOBS=on. */
export function runsJobs(config: AppConfig, role: ProcessRole): boolean {
  if (role === 'cli') return false;
  if (config.RUN_JOBS) return config.RUN_JOBS === 'on';
  return role === 'worker' || config.jobsKind === 'in-process';
}
