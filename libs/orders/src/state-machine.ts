import { ConflictError } from '@tongdao/kernel';

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'partially_shipped',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'closed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Every legal move of a unified order. `cancelled` is the buyer/seller calling it off before shipping;
 * `closed` is the channel ending it after payment (refunded in full). Checked once at start-up (every
 * status appears, terminal ones lead nowhere) and on every change.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled', 'closed'],
  paid: ['partially_shipped', 'shipped', 'cancelled', 'closed'],
  partially_shipped: ['shipped', 'closed'],
  shipped: ['delivered', 'completed', 'closed'],
  delivered: ['completed', 'closed'],
  completed: [],
  cancelled: [],
  closed: [],
};

export function validateTransitionTable(table: Readonly<Record<string, readonly string[]>>): void {
  for (const status of ORDER_STATUSES) {
    if (!(status in table)) throw new Error(`order transition table lacks ${status}`);
    for (const next of table[status]) {
      if (!(ORDER_STATUSES as readonly string[]).includes(next))
        throw new Error(`unknown order status ${next}`);
      if (next === status) throw new Error(`order status ${status} leads to itself`);
    }
  }
  // Every status can be reached from a new order, and every status can still end (no dead loops).
  const reached = new Set<string>(['pending_payment']);
  for (const queue = ['pending_payment']; queue.length > 0;) {
    for (const next of table[queue.shift()!]) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  const unreachable = ORDER_STATUSES.filter((s) => !reached.has(s));
  if (unreachable.length > 0) throw new Error(`order statuses unreachable: ${unreachable.join(', ')}`);
  const terminal = new Set<string>(ORDER_STATUSES.filter((s) => table[s].length === 0));
  for (let grew = true; grew;) {
    grew = false;
    for (const s of ORDER_STATUSES) {
      if (!terminal.has(s) && table[s].some((n) => terminal.has(n))) {
        terminal.add(s);
        grew = true;
      }
    }
  }
  const endless = ORDER_STATUSES.filter((s) => !terminal.has(s));
  if (endless.length > 0) throw new Error(`order statuses that can never end: ${endless.join(', ')}`);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ORDER_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new ConflictError('illegal_transition', `An order cannot go from ${from} to ${to}`, [
      { field: 'status', problem: `${from} → ${to} is not allowed` },
    ]);
  }
}

/**
 * The channel is the authority on its own orders: when a newer version jumps over steps we missed
 * (pending_payment straight to shipped), we follow it as long as it moves forward.
 */
export function isForwardOrSame(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return true;
  const seen = new Set<OrderStatus>();
  const queue: OrderStatus[] = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of ORDER_TRANSITIONS[current]) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

/** Whether an order in this status holds stock, has consumed it, or has given it back. */
export function stockPhase(status: OrderStatus): 'hold' | 'consumed' | 'none' {
  if (status === 'pending_payment' || status === 'paid') return 'hold';
  if (
    status === 'partially_shipped' ||
    status === 'shipped' ||
    status === 'delivered' ||
    status === 'completed'
  ) {
    return 'consumed';
  }
  return 'none';
}
