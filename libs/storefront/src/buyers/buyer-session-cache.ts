import type { BuyerSession } from './buyer-session';

/**
 * Sessions this process admitted in the last few seconds, by token hash, so a buyer's checkout → pay → look
 * sequence reads the session table once rather than on every tap. Sign-out in this process evicts at once;
 * another api process may still admit a signed-out token for up to TTL_MS (its own cache) — the price of
 * skipping a read per request, kept short on purpose. Expiry is still checked on every use.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class BuyerSessionCache {
  private readonly entries = new Map<string, { session: BuyerSession; until: number }>();

  get(tokenHash: string, now: number): BuyerSession | null {
    const hit = this.entries.get(tokenHash);
    if (!hit) return null;
    if (hit.until <= now || hit.session.expiresAt.getTime() <= now) {
      this.entries.delete(tokenHash);
      return null;
    }
    return hit.session;
  }

  put(tokenHash: string, session: BuyerSession, now: number): void {
    // Oldest first in a Map: dropping the first entry when full keeps memory bounded under a token flood.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { session, until: now + TTL_MS });
  }

  evictSession(sessionId: string): void {
    for (const [hash, entry] of this.entries)
      if (entry.session.sessionId === sessionId) this.entries.delete(hash);
  }
}
