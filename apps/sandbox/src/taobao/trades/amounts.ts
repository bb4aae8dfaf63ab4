import { Order, Trade } from '../state/model';

/** Order amounts per §3.6: payment = price*num + adjust − discount. */
export function orderTotalFen(order: Order): number {
  return order.priceFen * order.num;
}

export function orderPaymentFen(order: Order): number {
  return orderTotalFen(order) + order.adjustFen - order.discountFen;
}

export function tradeTotalFen(trade: Trade): number {
  return trade.orders.reduce((sum, order) => sum + orderTotalFen(order), 0);
}

export function tradeDiscountFen(trade: Trade): number {
  return trade.orders.reduce((sum, order) => sum + order.discountFen, 0);
}

export function tradePaymentFen(trade: Trade): number {
  return trade.orders.reduce((sum, order) => sum + orderPaymentFen(order), 0) + trade.postFeeFen;
}

export function tradeNum(trade: Trade): number {
  return trade.orders.reduce((sum, order) => sum + order.num, 0);
}
