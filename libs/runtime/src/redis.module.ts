import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@tongdao/config';
import { REDIS, RedisClient } from '@tongdao/persistence';

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => undefined);
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: (): RedisClient =>
            config.REDIS_URL
              ? new Redis(config.REDIS_URL, {
                  maxRetriesPerRequest: 2,
                  enableOfflineQueue: false,
                  lazyConnect: false,
                })
              : null,
        },
        RedisCloser,
      ],
      exports: [REDIS],
    };
  }
}
