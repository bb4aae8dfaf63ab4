import { CsWindow, Follower } from '../state/model';
import { wechatErrors } from './errors';

const HOUR_MS = 3600 * 1000;

/**
 * Customer-service windows (§1.8): a user message allows `csQuota` messages for 48 h (a newer message starts a new
 * window); a subscription, a QR scan or a menu CLICK allows 3 within one minute.
 */
export function openWindow(
  follower: Follower,
  trigger: CsWindow['trigger'],
  now: number,
  csQuota: number,
): void {
  follower.windows = follower.windows.filter(
    (w) => w.expiresAt > now && !(trigger === 'message' && w.trigger === 'message'),
  );
  const message = trigger === 'message';
  follower.windows.push({
    trigger,
    openedAt: now,
    expiresAt: now + (message ? 48 * HOUR_MS : 60 * 1000),
    quota: message ? csQuota : 3,
    used: 0,
  });
}

/** Uses one message of the window closing first; 45015 when none is open, 45047 when all are used up. */
export function consumeWindow(follower: Follower, now: number): CsWindow {
  const open = follower.windows.filter((w) => w.expiresAt > now).sort((a, b) => a.expiresAt - b.expiresAt);
  if (!follower.subscribed || open.length === 0) throw wechatErrors.outOfTimeLimit();
  const window = open.find((w) => w.used < w.quota);
  if (!window) throw wechatErrors.outOfResponseCount();
  window.used += 1;
  return window;
}
