import { Injectable } from '@nestjs/common';

/**
 * Inventory's tunables. Read from the environment (not AppConfig, which inventory does not own):
 * STOCK_PUSH_DELAY_MS — how long a stock push waits to coalesce a burst of changes (default 500);
 * RESERVATION_SWEEP_MS — how often expired reservations are released (default 30 000).
 */
@Injectable()
export class InventoryOptions {
  readonly pushDelayMs = readMs('STOCK_PUSH_DELAY_MS', 500, 0);
  readonly sweepIntervalMs = readMs('RESERVATION_SWEEP_MS', 30_000, 100);
}

function readMs(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 3_600_000) {
    throw new Error(`${name} must be an integer number of milliseconds between ${min} and 3600000`);
  }
  return value;
}
