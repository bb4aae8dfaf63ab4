import { Injectable } from '@nestjs/common';

/**
 * The ERP link's tunables. Defaults suit a real ERP; tests and benchmarks shorten them on the instance
 * (`app.get(ErpOptions)`) before the work they time.
 */
@Injectable()
export class ErpOptions {
  /** Orders per upload call (the ERP takes at most 50). */
  uploadBatch = 50;
  /** Upload attempts of one order before it becomes a dead letter. */
  maxAttempts = 8;
  /** First retry delay of a failed upload; doubles with every attempt (10 s … ~21 min by default). */
  retryBaseMs = 10_000;
  /** An answer slower than this is a timeout; the ERP may still have stored the orders (so_id makes it safe). */
  requestTimeoutMs = 15_000;
  /** Calls per second one process makes to one ERP app key (Jushuitan allows 50). */
  ratePerSecond = 45;
  /** How long an uploader holds claimed orders; longer than a call can take. */
  leaseMs = 60_000;
  /** How often stock and shipments are pulled back (and stranded uploads swept up). */
  pullIntervalMs = 60_000;
  /** Paid events within one window share one upload job (the batching window). */
  batchWindowMs = 100;
  /** Pull windows start this much before the cursor: late writes on the ERP's side are read again. */
  windowOverlapMs = 60_000;
  /** The first shipment pull of a new connection looks back this far. */
  firstShipmentLookbackMs = 24 * 3600_000;
}
