import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { Id, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { CustomerIdentityRow, CustomerRow, IdentityKind } from './entities';

export interface ChannelIdentity {
  kind: IdentityKind;
  value: string;
  channelAccountId?: Id | null;
}

export interface CustomerProfile {
  displayName?: string | null;
  phone?: string | null;
}

/**
 * The buyer behind an order. Any known identity links to the existing customer; identities seen for the
 * first time are attached to it, so a buyer who pays by WeChat and later by phone stays one customer.
 */
@Injectable()
export class CustomersService {
  private readonly customers: TenantRepository<CustomerRow>;
  private readonly identities: TenantRepository<CustomerIdentityRow>;

  constructor(private readonly tx: TransactionRunner) {
    this.customers = new TenantRepository(tx, CustomerRow, 'customer');
    this.identities = new TenantRepository(tx, CustomerIdentityRow, 'customer identity');
  }

  async resolveOrCreate(
    ctx: RequestContext,
    identities: ChannelIdentity[],
    profile: CustomerProfile = {},
  ): Promise<Id | null> {
    const known = identities.filter((i) => i.value && i.value.length <= 128);
    if (known.length === 0) return null;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.tx.run(() => this.link(ctx, known, profile));
      } catch (error) {
        // Two ingestions of the same new buyer at once: the unique identity index decides, the loser re-reads.
        if (!isUniqueViolation(error) || attempt >= 3 || this.tx.inTransaction()) throw error;
      }
    }
  }

  async get(ctx: RequestContext, id: Id): Promise<CustomerRow> {
    return this.customers.getById(ctx, id);
  }

  async identitiesOf(ctx: RequestContext, customerId: Id): Promise<CustomerIdentityRow[]> {
    return this.identities.find(ctx, { customerId });
  }

  private async link(
    ctx: RequestContext,
    identities: ChannelIdentity[],
    profile: CustomerProfile,
  ): Promise<Id> {
    const qb = this.identities.query(ctx, 'i').andWhere(
      new Brackets((or) => {
        identities.forEach((identity, n) =>
          or.orWhere(`(i.kind = :kind${n} AND i.value = :value${n})`, {
            [`kind${n}`]: identity.kind,
            [`value${n}`]: identity.value,
          }),
        );
      }),
    );
    const existing = await qb.orderBy('i.id', 'ASC').getMany();
    let customerId = existing[0]?.customerId;
    if (!customerId) {
      const customer = await this.customers.insert(ctx, {
        displayName: (profile.displayName ?? identities[0].value).slice(0, 100),
        phone: profile.phone ?? null,
        tags: [],
      });
      customerId = customer.id;
    }
    const have = new Set(existing.map((i) => `${i.kind}\u0000${i.value}`));
    for (const identity of identities) {
      if (have.has(`${identity.kind}\u0000${identity.value}`)) continue;
      await this.identities.insert(ctx, {
        customerId,
        kind: identity.kind,
        value: identity.value,
        channelAccountId: identity.channelAccountId ?? null,
      });
    }
    return customerId;
  }
}
