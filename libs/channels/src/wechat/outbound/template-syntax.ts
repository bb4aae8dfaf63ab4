import { ErrorDetail } from '@tongdao/kernel';
import { TemplateEvent } from './outbound.entities';

/**
 * The small template language of notification fields: literal text with `{{variable}}` placeholders, nothing
 * else (no expressions, no nesting, no HTML). Values are substituted once, so a value containing `{{…}}`
 * stays literal text.
 */
const COMMON = ['orderId', 'externalOrderId', 'paidYuan', 'status', 'time', 'itemTitle'] as const;
/** Parcel notices add the parcel, its state in words, and its newest history line with that line's time. */
const TRACKING = [
  ...COMMON,
  'trackingNo',
  'carrierCode',
  'carrierName',
  'trackingState',
  'trackingContext',
  'trackingTime',
] as const;
export const TEMPLATE_VARIABLES: Readonly<Record<TemplateEvent, readonly string[]>> = {
  'order.paid': COMMON,
  'order.shipped': [...COMMON, 'trackingNo', 'carrierCode'],
  'shipment.out_for_delivery': TRACKING,
  'shipment.delivered': TRACKING,
  'shipment.exception': TRACKING,
};

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const KEYWORD = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
export const MAX_FIELDS = 20;
export const MAX_TEXT = 200;

/** Problems of a field mapping for one event, each naming its field as `fields.<keyword>`. */
export function fieldMappingProblems(event: TemplateEvent, fields: unknown): ErrorDetail[] {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields))
    return [{ field: 'fields', problem: 'an object of template keyword → text' }];
  const entries = Object.entries(fields as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_FIELDS)
    return [{ field: 'fields', problem: `1 to ${MAX_FIELDS} keywords` }];
  const known = TEMPLATE_VARIABLES[event];
  const problems: ErrorDetail[] = [];
  for (const [keyword, text] of entries) {
    const field = `fields.${keyword}`;
    if (!KEYWORD.test(keyword)) {
      problems.push({ field, problem: 'a template keyword: a letter, then letters, digits or _ (≤ 32)' });
      continue;
    }
    if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT) {
      problems.push({ field, problem: `text of 1 to ${MAX_TEXT} characters` });
      continue;
    }
    if (text.replace(PLACEHOLDER, '').match(/\{\{|\}\}/)) {
      problems.push({ field, problem: 'placeholders are written {{name}}' });
      continue;
    }
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (!known.includes(match[1]))
        problems.push({
          field,
          problem: `unknown variable ${match[1]} for ${event}; one of ${known.join(', ')}`,
        });
    }
  }
  return problems;
}

/** Fills the placeholders; a variable without a value becomes empty. Assumes a mapping that passed validation. */
export function renderFields(
  fields: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string>>,
): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [keyword, text] of Object.entries(fields)) {
    const value = text.replace(PLACEHOLDER, (_, name: string) =>
      Object.prototype.hasOwnProperty.call(values, name) ? values[name] : '',
    );
    data[keyword] = { value: value.slice(0, MAX_TEXT) };
  }
  return data;
}
