import { Account, Parcel, Push, Subscription } from '../state/model';
import { formatKuaidiTime, STATE_NAMES } from '../wire/kuaidi100';

const time = (ms: number | undefined) => (ms === undefined ? undefined : formatKuaidiTime(ms));

export function accountView(account: Account): Record<string, unknown> {
  return {
    key: account.key,
    customer: account.customer,
    disabled: account.disabled,
    settings: account.settings,
    misbehaviour: account.faults,
  };
}

export function parcelView(
  parcel: Parcel,
  subscriptions: Subscription[],
  timeline: boolean,
): Record<string, unknown> {
  const latest = parcel.scans.at(-1);
  return {
    com: parcel.com,
    number: parcel.number,
    state: latest?.state ?? null,
    stateName: latest ? STATE_NAMES[latest.state] : null,
    abortedWith: parcel.abortedWith ?? null,
    timelineRunning: timeline,
    scans: parcel.scans.map((scan) => ({ ...scan, at: formatKuaidiTime(scan.at) })),
    subscriptions: subscriptions.map(subscriptionView),
  };
}

export function subscriptionView(subscription: Subscription): Record<string, unknown> {
  return { ...subscription, createdAt: formatKuaidiTime(subscription.createdAt) };
}

export function pushView(push: Push): Record<string, unknown> {
  return {
    ...push,
    createdAt: time(push.createdAt),
    finishedAt: time(push.finishedAt),
    nextAttemptAt: time(push.nextAttemptAt),
    attempts: push.attempts.map((attempt) => ({
      ...attempt,
      startedAt: formatKuaidiTime(attempt.startedAt),
    })),
  };
}
