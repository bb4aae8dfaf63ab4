import { ErrorDetail, ValidationFailedError } from '@tongdao/kernel';
import { PlaceOrderInput } from './placement.types';

export const MAX_PLACED_LINES = 50;
export const MAX_LINE_QUANTITY = 999;

/** The storefront validates its requests; this is the orders context refusing what it could never store. */
export function assertPlaceOrderInput(input: PlaceOrderInput): void {
  const problems: ErrorDetail[] = [];
  if (!Array.isArray(input.lines) || input.lines.length === 0 || input.lines.length > MAX_PLACED_LINES) {
    problems.push({ field: 'lines', problem: `1 to ${MAX_PLACED_LINES} lines` });
  } else {
    const seen = new Set<string>();
    input.lines.forEach((line, i) => {
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
        problems.push({
          field: `lines[${i}].quantity`,
          problem: `a whole number from 1 to ${MAX_LINE_QUANTITY}`,
        });
      }
      if (!Number.isSafeInteger(line.unitPriceFen) || line.unitPriceFen < 0) {
        problems.push({ field: `lines[${i}].unitPriceFen`, problem: 'a whole number of fen, not negative' });
      }
      if (seen.has(line.skuId))
        problems.push({ field: `lines[${i}].skuId`, problem: 'this SKU is on another line' });
      seen.add(line.skuId);
    });
  }
  for (const field of ['shippingFen', 'discountFen'] as const) {
    if (!Number.isSafeInteger(input[field]) || input[field] < 0) {
      problems.push({ field, problem: 'a whole number of fen, not negative' });
    }
  }
  const items = (input.lines ?? []).reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0);
  if (problems.length === 0 && items + input.shippingFen - input.discountFen < 1) {
    problems.push({ field: 'discountFen', problem: 'the order must cost at least 1 fen' });
  }
  if (problems.length > 0)
    throw new ValidationFailedError('validation_failed', 'The order is not valid', problems);
}
