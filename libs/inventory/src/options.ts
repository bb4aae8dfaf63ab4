import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';

/** Inventory's tunables, from the validated settings (STOCK_PUSH_DELAY_MS, RESERVATION_SWEEP_MS). */
@Injectable()
export class InventoryOptions {
  readonly pushDelayMs: number;
  readonly sweepIntervalMs: number;

  constructor(config: AppConfig) {
    this.pushDelayMs = config.STOCK_PUSH_DELAY_MS;
    this.sweepIntervalMs = config.RESERVATION_SWEEP_MS;
  }
}
