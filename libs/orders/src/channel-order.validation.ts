import { ValidationFailedError } from '@tongdao/kernel';
import { ChannelOrder } from './channel-order';
import { ORDER_STATUSES } from './state-machine';

type Problem = { field: string; problem: string };

const isTime = (v: unknown): boolean => v instanceof Date && !Number.isNaN(v.getTime());
const isText = (v: unknown, max: number): boolean => typeof v === 'string' && v.length > 0 && v.length <= max;
const isOptionalText = (v: unknown, max: number): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.length <= max);

/**
 * A malformed channel order is an adapter bug: the whole call is refused with every problem listed, before
 * anything is written, rather than storing half an order.
 */
export function assertChannelOrders(orders: readonly ChannelOrder[]): void {
  const problems: Problem[] = [];
  const list: unknown = orders;
  if (!Array.isArray(list)) {
    throw new ValidationFailedError('invalid_channel_order', 'Expected a list of channel orders', [
      { field: 'orders', problem: 'a list' },
    ]);
  }
  orders.forEach((order, i) => checkOrder(order, `orders[${i}]`, problems));
  if (problems.length > 0) {
    throw new ValidationFailedError('invalid_channel_order', 'A channel order is malformed', problems);
  }
}

function checkOrder(order: ChannelOrder, at: string, problems: Problem[]): void {
  const add = (field: string, problem: string): void => {
    problems.push({ field: `${at}.${field}`, problem });
  };
  if (!order || typeof order !== 'object') {
    problems.push({ field: at, problem: 'an order' });
    return;
  }
  if (!isText(order.externalOrderId, 64)) add('externalOrderId', 'required, ≤ 64 characters');
  if (!isTime(order.version)) add('version', 'a time');
  if (!isTime(order.placedAt)) add('placedAt', 'a time');
  if (!(ORDER_STATUSES as readonly string[]).includes(order.status)) add('status', 'unknown status');
  if (typeof order.channelStatus !== 'string') add('channelStatus', 'a string');
  if (!order.buyer || !Array.isArray(order.buyer.identities)) add('buyer.identities', 'a list');
  if (!order.receiver || typeof order.receiver !== 'object') add('receiver', 'required');
  else if (!isOptionalText(order.receiver.phone, 32)) add('receiver.phone', '≤ 32 characters');
  for (const name of ['itemsFen', 'shippingFen', 'discountFen', 'paidFen'] as const) {
    const value = order.amounts?.[name];
    if (!Number.isSafeInteger(value) || value < 0) add(`amounts.${name}`, 'a non-negative integer of fen');
  }
  if (order.payment?.paidAt != null && !isTime(order.payment.paidAt)) add('payment.paidAt', 'a time');
  if (!Array.isArray(order.lines) || order.lines.length === 0) {
    add('lines', 'at least one line');
    return;
  }
  if (order.lines.length > 200) add('lines', 'at most 200 lines');
  const lineIds = new Set<string>();
  order.lines.forEach((line, n) => {
    const l = (field: string, problem: string): void => add(`lines[${n}].${field}`, problem);
    if (!isText(line?.externalLineId, 64)) l('externalLineId', 'required, ≤ 64 characters');
    else if (lineIds.has(line.externalLineId)) l('externalLineId', 'appears twice in the order');
    else lineIds.add(line.externalLineId);
    if (!isText(line?.channelItemId, 64)) l('channelItemId', 'required, ≤ 64 characters');
    if (!isOptionalText(line?.channelSkuId, 64)) l('channelSkuId', '≤ 64 characters');
    if (!isOptionalText(line?.outerId, 64)) l('outerId', '≤ 64 characters');
    if (typeof line?.title !== 'string') l('title', 'a string');
    if (!Number.isSafeInteger(line?.quantity) || line.quantity <= 0) l('quantity', 'a positive integer');
    if (!Number.isSafeInteger(line?.unitPriceFen) || !Number.isSafeInteger(line?.totalFen))
      l('unitPriceFen', 'prices in integer fen');
    const shipped = line?.shippedQuantity;
    if (
      shipped !== undefined &&
      shipped !== null &&
      (!Number.isSafeInteger(shipped) || shipped < 0 || shipped > line.quantity)
    )
      l('shippedQuantity', 'an integer between 0 and quantity');
  });
}
