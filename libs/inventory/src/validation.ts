import { ValidationFailedError } from '@tongdao/kernel';

/** Largest quantity accepted anywhere: far above any real stock, far below the safe-integer edge. */
export const MAX_QUANTITY = 1_000_000_000;

function invalid(field: string, problem: string): never {
  throw new ValidationFailedError('invalid_quantity', `${field} ${problem}`, [{ field, problem }]);
}

/** A positive whole number of units, at most MAX_QUANTITY. */
export function assertQuantity(value: unknown, field = 'quantity'): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(field, 'must be a whole number');
  if (value < 1) invalid(field, 'must be at least 1');
  if (value > MAX_QUANTITY) invalid(field, `must be at most ${MAX_QUANTITY}`);
}

/** A non-negative whole number, at most MAX_QUANTITY (setOnHand, safety stock, caps, buffers). */
export function assertCount(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(field, 'must be a whole number');
  if (value < 0) invalid(field, 'must not be negative');
  if (value > MAX_QUANTITY) invalid(field, `must be at most ${MAX_QUANTITY}`);
}

/** A non-zero whole number within ±MAX_QUANTITY. */
export function assertDelta(value: unknown, field = 'delta'): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(field, 'must be a whole number');
  if (value === 0) invalid(field, 'must not be zero');
  if (Math.abs(value) > MAX_QUANTITY) invalid(field, `must be within ±${MAX_QUANTITY}`);
}

const REFERENCE_TYPE = /^[a-z][a-z0-9_.-]{0,39}$/;
const REFERENCE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function assertReference(reference: unknown): asserts reference is { type: string; id: string } {
  const ref = reference as { type?: unknown; id?: unknown } | null | undefined;
  if (!ref || typeof ref.type !== 'string' || !REFERENCE_TYPE.test(ref.type)) {
    throw new ValidationFailedError('invalid_reference', 'reference.type is invalid', [
      {
        field: 'reference.type',
        problem: 'expected 1-40 characters of a-z, 0-9, _ . - starting with a letter',
      },
    ]);
  }
  if (typeof ref.id !== 'string' || !REFERENCE_ID.test(ref.id)) {
    throw new ValidationFailedError('invalid_reference', 'reference.id is invalid', [
      { field: 'reference.id', problem: 'expected 1-64 characters of A-Z, a-z, 0-9, _ . : -' },
    ]);
  }
}

export function assertText(value: unknown, field: string, max: number): asserts value is string {
  if (typeof value !== 'string' || value.length > max) {
    throw new ValidationFailedError('validation_failed', `${field} is invalid`, [
      { field, problem: `expected a string of at most ${max} characters` },
    ]);
  }
}
