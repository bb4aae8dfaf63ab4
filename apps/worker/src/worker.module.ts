import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { RuntimeModule } from '@tongdao/runtime';

/** The job process: the same runtime as the api, consuming jobs and relaying the outbox, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [RuntimeModule.forRoot(config, 'worker')] };
  }
}
