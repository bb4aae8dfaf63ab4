import { Injectable } from '@nestjs/common';
import { SeededRandom } from '../../shared/random';
import { Account, AccountSettings, Parcel, Push, Subscription } from './model';

const PUSH_LOG_LIMIT = 20_000;

export function parcelKey(com: string, number: string): string {
  return `${com}|${number}`;
}

/** Everything the simulated tracker knows, in memory; keys and ids come from one seeded PRNG. */
@Injectable()
export class TrackerStore {
  seed = 1;
  rng = new SeededRandom(1);
  readonly accounts = new Map<string, Account>();
  readonly parcels = new Map<string, Parcel>();
  readonly subscriptions = new Map<string, Subscription>();
  pushes: Push[] = [];
  private sequence = 0;

  constructor() {
    this.reset(Number(process.env.SANDBOX_TRACKER_SEED ?? 1));
  }

  reset(seed: number): void {
    this.seed = seed;
    this.rng = new SeededRandom(seed);
    this.accounts.clear();
    this.parcels.clear();
    this.subscriptions.clear();
    this.pushes = [];
    this.sequence = 0;
  }

  now(): number {
    return Date.now();
  }

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  createAccount(input: { key?: string; customer?: string } & Partial<AccountSettings>): Account {
    const account: Account = {
      key: input.key ?? this.rng.alnum(16),
      customer: input.customer ?? this.rng.hex(32).toUpperCase(),
      disabled: false,
      settings: {
        retryScale: input.retryScale ?? Number(process.env.SANDBOX_TRACKER_RETRY_SCALE ?? 1),
        pushTimeoutMs: input.pushTimeoutMs ?? 5000,
        autoTimelineMs: input.autoTimelineMs,
      },
      faults: {},
      faultCounters: new Map(),
      createdAt: this.now(),
    };
    this.accounts.set(account.key, account);
    return account;
  }

  accountByCustomer(customer: string): Account | undefined {
    return [...this.accounts.values()].find((account) => account.customer === customer);
  }

  ensureParcel(com: string, number: string): Parcel {
    const key = parcelKey(com, number);
    let parcel = this.parcels.get(key);
    if (!parcel) {
      parcel = { com, number, scans: [] };
      this.parcels.set(key, parcel);
    }
    return parcel;
  }

  subscriptionsOf(com: string, number: string): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => s.com === com && s.number === number);
  }

  addPush(push: Push): void {
    this.pushes.push(push);
    if (this.pushes.length > PUSH_LOG_LIMIT) this.pushes.splice(0, this.pushes.length - PUSH_LOG_LIMIT);
  }

  /** Advances the account's named counter; true when this occurrence is one of the n in m. */
  hit(account: Account, name: string, rule: { n: number; m: number } | undefined): boolean {
    if (!rule || rule.n <= 0 || rule.m <= 0) return false;
    const count = (account.faultCounters.get(name) ?? 0) + 1;
    account.faultCounters.set(name, count);
    return (count - 1) % rule.m >= rule.m - rule.n;
  }
}
