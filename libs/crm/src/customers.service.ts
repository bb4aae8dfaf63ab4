import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Id, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, insertRows, isUniqueViolation } from '@tongdao/persistence';
import { CustomerIdentityRow, CustomerRow, IDENTITY_KINDS, IdentityKind } from './entities';

export interface ChannelIdentity {
  kind: IdentityKind;
  value: string;
  channelAccountId?: Id | null;
}

export interface CustomerProfile {
  displayName?: string | null;
  phone?: string | null;
}

export interface BuyerRef {
  identities: ChannelIdentity[];
  profile?: CustomerProfile;
}

const MAX_VALUE = 128;
const key = (i: { kind: string; value: string }): string => `${i.kind}\u0000${i.value}`;

/**
 * The buyer behind an order. Any known identity links to the existing customer; identities seen for the
 * first time are attached to it, so a buyer who pays by WeChat and later by phone stays one customer.
 * When a buyer's identities already point at two customers, the oldest one is used and the new identities
 * join it (the older records are not merged: that is a staff decision with its own audit trail).
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
    return (await this.resolveMany(ctx, [{ identities, profile }]))[0];
  }

  /**
   * Many buyers (an ingestion page) in three statements: one read of the known identities, one insert of
   * new customers, one of new identities. Buyers of the page that share an identity become one customer.
   * Returns each buyer's customer id, null for a buyer without any usable identity.
   */
  async resolveMany(ctx: RequestContext, buyers: readonly BuyerRef[]): Promise<Array<Id | null>> {
    const cleaned = buyers.map((b) => usable(b.identities));
    if (cleaned.every((ids) => ids.length === 0)) return buyers.map(() => null);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.tx.run(() => this.link(ctx, buyers, cleaned));
      } catch (error) {
        // Two ingestions of the same new buyer at once: the unique identity index decides, the loser re-reads.
        // Inside a caller's transaction the caller owns the retry.
        if (!isUniqueViolation(error) || attempt >= 3 || this.tx.inTransaction()) throw error;
      }
    }
  }

  async get(ctx: RequestContext, id: Id): Promise<CustomerRow> {
    return this.customers.getById(ctx, id);
  }

  async identitiesOf(ctx: RequestContext, customerId: Id): Promise<CustomerIdentityRow[]> {
    return this.identities.find(ctx, { customerId }, { id: 'ASC' });
  }

  private async link(
    ctx: RequestContext,
    buyers: readonly BuyerRef[],
    cleaned: ChannelIdentity[][],
  ): Promise<Array<Id | null>> {
    const all = cleaned.flat();
    const known = await this.identities.find(ctx, {
      kind: In([...new Set(all.map((i) => i.kind))]),
      value: In([...new Set(all.map((i) => i.value))]),
    });
    const customerOf = new Map<string, Id>();
    for (const row of known) customerOf.set(key(row), row.customerId);

    // Buyers sharing any identity are one group (union-find over buyer indexes).
    const parent = cleaned.map((_, i) => i);
    const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
    const firstBuyerOf = new Map<string, number>();
    cleaned.forEach((ids, i) => {
      for (const identity of ids) {
        const seen = firstBuyerOf.get(key(identity));
        if (seen === undefined) firstBuyerOf.set(key(identity), i);
        else parent[root(i)] = root(seen);
      }
    });

    const groupCustomer = new Map<number, Id>();
    const newCustomers: CustomerRow[] = [];
    const newIdentities: CustomerIdentityRow[] = [];
    cleaned.forEach((ids, i) => {
      if (ids.length === 0) return;
      const group = root(i);
      const existing = ids.map((id) => customerOf.get(key(id))).filter((c): c is Id => c !== undefined);
      let customerId = groupCustomer.get(group);
      if (!customerId && existing.length > 0) customerId = [...existing].sort()[0];
      if (!customerId) {
        const profile = buyers[i].profile ?? {};
        const customer = this.customers.create(ctx, {
          displayName: (profile.displayName || ids[0].value).slice(0, 100),
          phone: profile.phone ?? null,
          tags: [],
        });
        newCustomers.push(customer);
        customerId = customer.id;
      }
      groupCustomer.set(group, customerId);
      for (const identity of ids) {
        if (customerOf.has(key(identity))) continue;
        customerOf.set(key(identity), customerId);
        newIdentities.push(
          this.identities.create(ctx, {
            customerId,
            kind: identity.kind,
            value: identity.value,
            channelAccountId: identity.channelAccountId ?? null,
          }),
        );
      }
    });
    const manager = this.tx.manager();
    await insertRows(manager, CustomerRow, newCustomers);
    await insertRows(manager, CustomerIdentityRow, newIdentities);
    return cleaned.map((ids, i) => (ids.length === 0 ? null : groupCustomer.get(root(i))!));
  }
}

function usable(identities: readonly ChannelIdentity[] | undefined): ChannelIdentity[] {
  const byKey = new Map<string, ChannelIdentity>();
  for (const identity of identities ?? []) {
    if (!(IDENTITY_KINDS as readonly string[]).includes(identity?.kind)) continue;
    const value = typeof identity.value === 'string' ? identity.value.trim() : '';
    if (value.length === 0 || value.length > MAX_VALUE) continue;
    byKey.set(key({ kind: identity.kind, value }), { ...identity, value });
  }
  return [...byKey.values()];
}
