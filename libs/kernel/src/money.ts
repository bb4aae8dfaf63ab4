import { ValidationFailedError } from './errors';

/** Integer fen (分). 1 yuan = 100 fen. Currency is always CNY. */
export type Fen = number;

const YUAN_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "128.00" / "128.5" / "128" (yuan) → 12800 / 12850 / 12800 fen, by string arithmetic, never float. */
export function yuanToFen(yuan: string): Fen {
  const match = YUAN_PATTERN.exec(yuan.trim());
  if (!match) {
    throw new ValidationFailedError('invalid_amount', `"${yuan}" is not a yuan amount`, [
      { field: 'amount', problem: 'expected a decimal string with at most 2 fraction digits' },
    ]);
  }
  const [, sign, whole, fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign ? -fen : fen;
}

/** 12850 → "128.50" */
export function fenToYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function assertFen(value: number, field = 'amount'): asserts value is Fen {
  if (!Number.isSafeInteger(value)) {
    throw new ValidationFailedError('invalid_amount', `${field} must be an integer number of fen`, [
      { field, problem: 'not an integer' },
    ]);
  }
}
