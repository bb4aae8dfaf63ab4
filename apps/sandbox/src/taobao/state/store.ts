import { Injectable } from '@nestjs/common';
import { PRODUCTS, ProductTemplate } from './catalog-data';
import { MisbehaviourState } from './misbehaviour';
import {
  CallRecord,
  Item,
  QuantityChange,
  Refund,
  SandboxApp,
  Seller,
  Session,
  Shipment,
  Sku,
  Trade,
} from './model';
import { SeededRandom } from '../../shared/random';

const CALL_LOG_LIMIT = 20_000;
const DAY_MS = 24 * 3600 * 1000;

export interface CreateAppInput {
  sellerNick?: string;
  appKey?: string;
  appSecret?: string;
  sessionTtlSeconds?: number;
  tmcGroup?: string;
}

/**
 * Everything the simulated Taobao knows, in memory. All ids and generated data come from one seeded PRNG, so a
 * run with the same seed and the same calls is reproducible.
 */
@Injectable()
export class TaobaoStore {
  seed = 1;
  rng = new SeededRandom(1);
  readonly apps = new Map<string, SandboxApp>();
  readonly sellers = new Map<string, Seller>();
  readonly sessions = new Map<string, Session>();
  readonly items = new Map<string, Item>();
  readonly trades = new Map<string, Trade>();
  readonly refunds = new Map<string, Refund>();
  readonly misbehaviour = new Map<string, MisbehaviourState>();
  calls: CallRecord[] = [];
  shipments: Shipment[] = [];
  quantityChanges: QuantityChange[] = [];
  private sequence = 0;
  private callSeq = 0;

  constructor() {
    this.reset(Number(process.env.SANDBOX_TAOBAO_SEED ?? 1));
  }

  reset(seed: number): void {
    this.seed = seed;
    this.rng = new SeededRandom(seed);
    for (const map of [this.apps, this.sellers, this.sessions, this.items, this.trades, this.refunds])
      map.clear();
    this.misbehaviour.clear();
    this.calls = [];
    this.shipments = [];
    this.quantityChanges = [];
    this.sequence = 0;
    this.callSeq = 0;
  }

  now(): number {
    return Date.now();
  }

  /** Strictly increasing ids in TOP's ranges; tid/oid/refund ids are wider than 2^53 like the real ones. */
  private nextSeq(): bigint {
    this.sequence += 1;
    return BigInt(this.sequence);
  }

  nextTid(): bigint {
    return 3_600_000_000_000_000_000n + this.nextSeq() * 1_000_000n + BigInt(this.rng.int(0, 999_999));
  }

  nextRefundId(): bigint {
    return 210_000_000_000_000_000n + this.nextSeq() * 1000n + BigInt(this.rng.int(0, 999));
  }

  nextMessageId(): bigint {
    return 5_300_000_000_000_000_000n + this.nextSeq();
  }

  createApp(input: CreateAppInput): { app: SandboxApp; seller: Seller; session: Session } {
    const appKey = input.appKey ?? `2${this.rng.digits(7)}`;
    const existing = this.apps.get(appKey);
    const app: SandboxApp = existing ?? {
      appKey,
      appSecret: input.appSecret ?? this.rng.hex(32),
      createdAt: this.now(),
    };
    this.apps.set(appKey, app);
    if (!this.misbehaviour.has(appKey)) this.misbehaviour.set(appKey, new MisbehaviourState());
    const seller = this.ensureSeller(
      input.sellerNick ?? `sandbox_shop_${this.rng.digits(4)}`,
      input.tmcGroup,
    );
    const session: Session = {
      sessionKey: `6100${this.rng.hex(36)}${seller.userId.toString()}`,
      appKey,
      sellerNick: seller.nick,
      expiresAt: this.now() + (input.sessionTtlSeconds ?? 30 * 24 * 3600) * 1000,
    };
    this.sessions.set(session.sessionKey, session);
    return { app, seller, session };
  }

  ensureSeller(nick: string, tmcGroup?: string): Seller {
    let seller = this.sellers.get(nick);
    if (!seller) {
      seller = { userId: BigInt(`2${this.rng.digits(9)}`), nick, tmcGroup: tmcGroup ?? 'default' };
      this.sellers.set(nick, seller);
    } else if (tmcGroup) {
      seller.tmcGroup = tmcGroup;
    }
    return seller;
  }

  misbehaviourOf(appKey: string): MisbehaviourState {
    let state = this.misbehaviour.get(appKey);
    if (!state) {
      state = new MisbehaviourState();
      this.misbehaviour.set(appKey, state);
    }
    return state;
  }

  /** The apps a seller has authorised: each receives that seller's TMC messages. */
  appsOfSeller(nick: string): string[] {
    const keys = new Set<string>();
    for (const session of this.sessions.values()) if (session.sellerNick === nick) keys.add(session.appKey);
    return [...keys];
  }

  addItem(sellerNick: string, template: ProductTemplate, quantityEach: number, outerPrefix?: string): Item {
    const now = this.now();
    const numIid = BigInt(`6${this.rng.digits(11)}`);
    const outerId = `${outerPrefix ?? 'TD'}-${template.code}`;
    const combos = combinations(template.dimensions);
    const skus: Sku[] = combos.map((combo) => ({
      skuId: `5${this.rng.digits(12)}`,
      outerId: [outerId, ...combo.map((v) => v.code)].join('-'),
      properties: combo.map((v) => `${v.name}:${v.label}`).join(';'),
      priceFen: template.priceFen,
      quantity: quantityEach,
      modified: now,
    }));
    const item: Item = {
      numIid,
      sellerNick,
      title: template.title,
      outerId,
      priceFen: template.priceFen,
      quantity: skus.length ? skus.length * quantityEach : quantityEach,
      skus,
      cid: template.cid,
      modified: now,
    };
    this.items.set(numIid.toString(), item);
    return item;
  }

  seedItems(sellerNick: string, count: number, quantityEach = 100): Item[] {
    const out: Item[] = [];
    for (let i = 0; i < count; i += 1)
      out.push(this.addItem(sellerNick, PRODUCTS[i % PRODUCTS.length], quantityEach));
    return out;
  }

  itemsOf(sellerNick: string): Item[] {
    return [...this.items.values()].filter((item) => item.sellerNick === sellerNick);
  }

  logCall(record: Omit<CallRecord, 'seq'>): void {
    this.callSeq += 1;
    this.calls.push({ seq: this.callSeq, ...record });
    if (this.calls.length > CALL_LOG_LIMIT) this.calls.splice(0, this.calls.length - CALL_LOG_LIMIT);
  }

  /** Only the last three months are queryable on Taobao; older trades simply drop out of sight. */
  visibleTrades(sellerNick: string): Trade[] {
    const horizon = this.now() - 92 * DAY_MS;
    return [...this.trades.values()].filter((t) => t.sellerNick === sellerNick && t.modified >= horizon);
  }
}

type Dimension = ProductTemplate['dimensions'][number];
type Choice = { name: string; label: string; code: string };

function combinations(dimensions: readonly Dimension[]): Choice[][] {
  if (dimensions.length === 0) return [];
  let acc: Choice[][] = [[]];
  for (const dimension of dimensions) {
    acc = acc.flatMap((prefix) =>
      dimension.values.map((value) => [...prefix, { name: dimension.name, ...value }]),
    );
  }
  return acc;
}
