import { Injectable } from '@nestjs/common';
import { ChannelAccountDirectory, ChannelAccountRef } from '@tongdao/catalog';
import { Id, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { ChannelAccount } from './channel-account.entity';

/** The catalog's (and later inventory's) view of channel accounts, answered from this lib's table. */
@Injectable()
export class ChannelAccountDirectoryImpl extends ChannelAccountDirectory {
  private readonly accounts: TenantRepository<ChannelAccount>;

  constructor(tx: TransactionRunner) {
    super();
    this.accounts = new TenantRepository(tx, ChannelAccount, 'channel account');
  }

  async get(ctx: RequestContext, id: Id): Promise<ChannelAccountRef> {
    const account = await this.accounts.getById(ctx, id);
    return { id: account.id, type: account.type, shopId: account.shopId, status: account.status };
  }
}
