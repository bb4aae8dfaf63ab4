import { Attributes } from './entities';

export const MAX_ATTRIBUTES = 20;
export const MAX_ATTRIBUTE_NAME = 32;
export const MAX_ATTRIBUTE_VALUE = 64;

/**
 * What is wrong with an attribute map, or null. Names and values may not hold `=` or `;` because the CSV
 * form `colour=红;size=L` could not carry them back out.
 */
export function attributeProblem(attributes: unknown): string | null {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    return 'expected an object of name → value strings';
  }
  const entries = Object.entries(attributes as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES) return `at most ${MAX_ATTRIBUTES} attributes`;
  for (const [name, value] of entries) {
    const nameProblem = textProblem(name, MAX_ATTRIBUTE_NAME);
    if (nameProblem) return `attribute name "${name}": ${nameProblem}`;
    if (typeof value !== 'string') return `attribute "${name}": value must be a string`;
    const valueProblem = textProblem(value, MAX_ATTRIBUTE_VALUE);
    if (valueProblem) return `attribute "${name}": ${valueProblem}`;
  }
  return null;
}

function textProblem(text: string, max: number): string | null {
  if (text.trim() !== text || text.length === 0) return 'must be non-empty without surrounding spaces';
  if (text.length > max) return `at most ${max} characters`;
  if (/[=;\p{Cc}]/u.test(text)) return 'must not contain "=", ";" or control characters';
  return null;
}

export type ParsedAttributes = { ok: true; attributes: Attributes } | { ok: false; problem: string };

/** `colour=红;size=L` → {colour: '红', size: 'L'}; blanks around names and values are dropped; '' → {}. */
export function parseAttributeText(text: string): ParsedAttributes {
  const attributes: Attributes = {};
  const pairs = text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) return { ok: false, problem: `"${pair}" is not name=value` };
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (Object.prototype.hasOwnProperty.call(attributes, name)) {
      return { ok: false, problem: `attribute "${name}" is given twice` };
    }
    attributes[name] = value;
  }
  const problem = attributeProblem(attributes);
  return problem ? { ok: false, problem } : { ok: true, attributes };
}

/** Same attributes regardless of key order. */
export function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}
