import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '@tongdao/config';
import { RuntimeModule } from '@tongdao/runtime';
import { HealthController } from './health/health.controller';
import { AccessGuard } from './http/access.guard';
import { ApiExceptionFilter } from './http/exception.filter';
import { ApiValidationPipe } from './http/validation';
import { AdminHttpModule } from './admin/admin-http.module';
import { ChannelCallbacksModule } from './channels/channel-callbacks.module';
import { StoreHttpModule } from './store/store-http.module';
import { DemoSeeder } from './demo/demo.seeder';
import { DemoStore } from './demo/demo-store';
import { DemoTaobao } from './demo/demo-taobao';
import { DemoWechat } from './demo/demo-wechat';

/** The HTTP process: the runtime plus controllers for /admin/v1, /store/v1, /open/v1 and /channels. */
@Module({})
export class ApiModule {
  static forRoot(
    config: AppConfig,
    extra: Pick<ModuleMetadata, 'imports' | 'providers'> = {},
  ): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        RuntimeModule.forRoot(config, 'api'),
        TerminusModule,
        AdminHttpModule,
        ChannelCallbacksModule,
        StoreHttpModule,
        ...(extra.imports ?? []),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        DemoSeeder,
        DemoTaobao,
        DemoWechat,
        DemoStore,
        ...(extra.providers ?? []),
      ],
    };
  }
}
