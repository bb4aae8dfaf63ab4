import { ErrorDetail, ValidationFailedError } from '@tongdao/kernel';

/** Field rules shared by the API, the CSV import and the channel listing upsert. */
export const MAX_CODE_LENGTH = 64;

/** Merchant SKU codes travel to every channel as the outer id (商家编码): printable, no spaces. */
export function skuCodeProblem(code: string): string | null {
  if (code.length === 0) return 'required';
  if (code.length > MAX_CODE_LENGTH) return `at most ${MAX_CODE_LENGTH} characters`;
  if (/[\s\p{C}]/u.test(code)) return 'must not contain spaces or control characters';
  return null;
}

export function barcodeProblem(barcode: string): string | null {
  return /^[0-9A-Za-z-]{1,64}$/.test(barcode) ? null : 'expected up to 64 letters, digits or dashes';
}

/** Platform ids (item, SKU, outer id): non-empty, at most 64 characters, no control characters. */
export function externalIdProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 64) return 'at most 64 characters';
  if (/\p{Cc}/u.test(value)) return 'must not contain control characters';
  return null;
}

/**
 * Escapes LIKE wildcards so user text matches literally; pair with `ESCAPE '!'` (a backslash would need
 * different quoting on MariaDB and SQLite).
 */
export function likeLiteral(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

export const LIKE_ESCAPE = "ESCAPE '!'";

/** Collects field problems and throws them together, so a caller sees every bad field at once. */
export class Problems {
  private readonly details: ErrorDetail[] = [];

  add(field: string, problem: string | null): this {
    if (problem) this.details.push({ field, problem });
    return this;
  }

  throwIfAny(): void {
    if (this.details.length > 0) {
      throw new ValidationFailedError('validation_failed', 'Some fields are invalid', this.details);
    }
  }
}

export function titleProblem(title: string, max = 200): string | null {
  if (title.trim().length === 0) return 'must not be blank';
  return title.length > max ? `at most ${max} characters` : null;
}

export function priceProblem(priceFen: number): string | null {
  if (!Number.isSafeInteger(priceFen)) return 'must be an integer number of fen';
  return priceFen < 0 ? 'must not be negative' : null;
}

export function weightProblem(grams: number | null): string | null {
  if (grams === null) return null;
  return Number.isSafeInteger(grams) && grams >= 0 && grams <= 1e9
    ? null
    : 'must be a whole number of grams ≥ 0';
}
