/**
 * Gathers the trade ids of messages handled at the same time into one fetch-and-ingest, so a burst of TMC
 * messages costs one ingestion transaction per batch rather than one per message. Each caller still learns
 * the outcome of its own trade: its message is confirmed or failed on exactly that.
 */
export class TradeBatcher {
  private pending: Array<{ tid: string; resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly run: (tids: string[]) => Promise<Map<string, unknown>>,
    private readonly maxBatch = 50,
  ) {}

  add(tid: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ tid, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const tids = [...new Set(batch.map((b) => b.tid))];
    this.run(tids).then(
      (failures) => {
        for (const waiter of batch) {
          const failure = failures.get(waiter.tid);
          if (failure === undefined) waiter.resolve();
          else waiter.reject(failure);
        }
      },
      (error: unknown) => batch.forEach((waiter) => waiter.reject(error)),
    );
  }
}
