import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pusher } from '../push/pusher';
import { Account, Parcel, Push, Subscription } from '../state/model';
import { parcelKey, TrackerStore } from '../state/store';
import { FINAL_STATES } from '../wire/kuaidi100';

export interface TimelineStep {
  state: number;
  context?: string;
}

/** A parcel's usual life: picked up, two hops in transit, out for delivery, signed for. */
export const DEFAULT_TIMELINE: TimelineStep[] = [
  { state: 1 },
  { state: 0 },
  { state: 0 },
  { state: 5 },
  { state: 3 },
];

const CITIES = ['杭州市', '上海市', '广州市', '深圳市', '北京市', '成都市', '武汉市', '南京市'];

/** Parcels move through tracking states; every change is pushed to each live subscription of that parcel. */
@Injectable()
export class TrackingService implements OnModuleDestroy {
  private readonly timelines = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: TrackerStore,
    private readonly pusher: Pusher,
  ) {}

  /** Adds one scan in `state` and pushes the new history; a final state ends the subscriptions (shutdown). */
  advance(parcel: Parcel, step: TimelineStep & { areaName?: string }): Push[] {
    parcel.scans.push({
      at: this.store.now(),
      state: step.state,
      context: step.context ?? this.defaultContext(step.state),
      areaName: step.areaName,
    });
    const status = FINAL_STATES.has(step.state) ? 'shutdown' : 'polling';
    return this.pushToLive(parcel, status, '', status === 'shutdown' ? 'shutdown' : 'active');
  }

  /** Kuaidi100 gives up on the parcel (e.g. no record for days): one `abort` push, subscriptions end. */
  abort(parcel: Parcel, message: string): Push[] {
    parcel.abortedWith = message;
    this.stopTimeline(parcel);
    return this.pushToLive(parcel, 'abort', message, 'abort');
  }

  startTimeline(parcel: Parcel, stepMs: number, steps: TimelineStep[] = DEFAULT_TIMELINE): void {
    this.stopTimeline(parcel);
    const key = parcelKey(parcel.com, parcel.number);
    const next = (index: number) => {
      if (index >= steps.length) {
        this.timelines.delete(key);
        return;
      }
      this.timelines.set(
        key,
        this.pusher.later(stepMs, () => {
          this.advance(parcel, steps[index]);
          next(index + 1);
        }),
      );
    };
    next(0);
  }

  stopTimeline(parcel: Parcel): void {
    const key = parcelKey(parcel.com, parcel.number);
    const timer = this.timelines.get(key);
    if (timer) this.pusher.cancel(timer);
    this.timelines.delete(key);
  }

  timelineRunning(parcel: Parcel): boolean {
    return this.timelines.has(parcelKey(parcel.com, parcel.number));
  }

  stopAll(): void {
    for (const timer of this.timelines.values()) this.pusher.cancel(timer);
    this.timelines.clear();
  }

  onModuleDestroy(): void {
    this.stopAll();
  }

  /** A new subscription starts the account's automatic timeline unless the parcel already moves on its own. */
  subscribed(account: Account, subscription: Subscription): void {
    const parcel = this.store.ensureParcel(subscription.com, subscription.number);
    const stepMs = account.settings.autoTimelineMs;
    if (stepMs && !this.timelineRunning(parcel) && parcel.scans.length === 0)
      this.startTimeline(parcel, stepMs);
  }

  private pushToLive(
    parcel: Parcel,
    status: Push['pushStatus'],
    message: string,
    after: Subscription['status'],
  ): Push[] {
    const pushes: Push[] = [];
    for (const subscription of this.store.subscriptionsOf(parcel.com, parcel.number)) {
      if (subscription.status !== 'active') continue;
      const account = this.store.accounts.get(subscription.key);
      if (!account) continue;
      pushes.push(this.pusher.push(account, subscription, parcel, status, message));
      subscription.status = after;
    }
    return pushes;
  }

  private defaultContext(state: number): string {
    const city = this.store.rng.pick(CITIES);
    const texts: Record<number, string> = {
      0: `快件已到达【${city}转运中心】，正发往下一站`,
      1: `【${city}】快递员已揽收`,
      2: `【${city}】快件派送异常，请联系快递员`,
      3: `【${city}】已签收，签收人：本人，感谢使用`,
      4: `【${city}】退件已由寄件人签收`,
      5: `【${city}】快递员正在派件，电话：138${this.store.rng.digits(8)}`,
      6: `【${city}】快件已退回，正发往寄件人`,
      7: `【${city}】快件已转投其他网点`,
      8: `【${city}】快件清关中`,
      14: `【${city}】收件人拒签，快件将退回`,
    };
    return texts[state] ?? `【${city}】快件状态更新`;
  }
}
