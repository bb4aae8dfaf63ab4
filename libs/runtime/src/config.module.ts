import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { Clock, SystemClock } from '@tongdao/kernel';

/** Makes the validated AppConfig and the Clock injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
