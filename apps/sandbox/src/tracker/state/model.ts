/** What the simulated Kuaidi100 holds: API accounts, parcels with their scan history, subscriptions, pushes. */

export interface AccountSettings {
  /** Multiplies the 30-minute redelivery wait (1 = real time). */
  retryScale: number;
  /** How long a callback may take to answer before the attempt counts as failed. */
  pushTimeoutMs: number;
  /** When set, every new subscription starts the default timeline with this many ms between scans. */
  autoTimelineMs?: number;
}

export interface TrackerMisbehaviour {
  /** Each push is delivered this many extra times (same param, same sign) after the previous copy settled. */
  duplicatePushes?: number;
  /** The push `sign` is wrong. */
  badSign?: boolean;
  /** n of every m `/poll` calls answer returnCode 500. */
  serverError?: { n: number; m: number };
}

export interface Account {
  key: string;
  customer: string;
  /** `/poll` answers 601 (key expired). */
  disabled: boolean;
  settings: AccountSettings;
  faults: TrackerMisbehaviour;
  faultCounters: Map<string, number>;
  createdAt: number;
}

export interface Scan {
  at: number;
  state: number;
  context: string;
  areaName?: string;
}

export interface Parcel {
  com: string;
  number: string;
  /** Oldest first; rendered newest first. */
  scans: Scan[];
  abortedWith?: string;
}

export type SubscriptionStatus = 'active' | 'shutdown' | 'abort';

export interface Subscription {
  id: string;
  key: string;
  com: string;
  number: string;
  callbackUrl: string;
  salt?: string;
  resultv2?: string;
  status: SubscriptionStatus;
  createdAt: number;
}

export interface PushAttempt {
  n: number;
  startedAt: number;
  latencyMs: number;
  status?: number;
  responseBody?: string;
  error?: string;
}

export interface Push {
  id: string;
  subscriptionId: string;
  key: string;
  com: string;
  number: string;
  url: string;
  /** The push's `status` field: polling, shutdown or abort. */
  pushStatus: 'polling' | 'shutdown' | 'abort';
  state: number | null;
  /** The form fields exactly as sent. */
  param: string;
  sign?: string;
  faults: string[];
  duplicateOf?: string;
  delivery: 'pending' | 'acknowledged' | 'failed';
  attempts: PushAttempt[];
  nextAttemptAt?: number;
  createdAt: number;
  finishedAt?: number;
}
