import { Module } from '@nestjs/common';

/** Controllers of /admin/v1, one folder per bounded context. */
@Module({ controllers: [] })
export class AdminHttpModule {}
