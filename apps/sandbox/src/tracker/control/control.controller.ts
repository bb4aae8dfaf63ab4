import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UsePipes,
} from '@nestjs/common';
import { controlPipe, newest, ResetDto, switchSet } from '../../shared/control';
import { TrackingService } from '../parcels/tracking.service';
import { Pusher } from '../push/pusher';
import { Account, Parcel, TrackerMisbehaviour } from '../state/model';
import { parcelKey, TrackerStore } from '../state/store';
import { COMPANIES } from '../wire/kuaidi100';
import {
  AbortDto,
  AdvanceDto,
  CreateAccountDto,
  MisbehaviourDto,
  PushesQuery,
  SubscriptionsQuery,
  TimelineDto,
  UpdateAccountDto,
} from './dto';
import { accountView, parcelView, pushView, subscriptionView } from './views';

/** `/_sandbox/tracker`: not part of Kuaidi100. API accounts, moving parcels along, fault switches, the push log. */
@Controller('_sandbox/tracker')
@UsePipes(controlPipe)
export class TrackerControlController {
  constructor(
    private readonly store: TrackerStore,
    private readonly tracking: TrackingService,
    private readonly pusher: Pusher,
  ) {}

  @Get()
  overview(): Record<string, unknown> {
    return {
      seed: this.store.seed,
      api: ['/poll', '/poll/query.do'],
      companies: COMPANIES,
      accounts: [...this.store.accounts.keys()],
      parcels: this.store.parcels.size,
      subscriptions: this.store.subscriptions.size,
      pushes: this.store.pushes.length,
    };
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body() body: ResetDto): { seed: number } {
    this.tracking.stopAll();
    this.pusher.cancelAll();
    this.store.reset(body.seed);
    return { seed: body.seed };
  }

  @Post('accounts')
  createAccount(@Body() body: CreateAccountDto): Record<string, unknown> {
    return accountView(this.store.createAccount(body));
  }

  @Get('accounts/:key')
  account(@Param('key') key: string): Record<string, unknown> {
    return accountView(this.requireAccount(key));
  }

  @Patch('accounts/:key')
  updateAccount(@Param('key') key: string, @Body() body: UpdateAccountDto): Record<string, unknown> {
    const account = this.requireAccount(key);
    const { disabled, ...settings } = body;
    if (disabled !== undefined) account.disabled = disabled;
    Object.assign(account.settings, settings);
    if (settings.autoTimelineMs === 0) account.settings.autoTimelineMs = undefined;
    return accountView(account);
  }

  /** Replaces the account's whole switch set (and restarts its counters); `{}` turns everything off. */
  @Put('accounts/:key/misbehaviour')
  setMisbehaviour(@Param('key') key: string, @Body() body: MisbehaviourDto): TrackerMisbehaviour {
    const account = this.requireAccount(key);
    account.faults = switchSet<TrackerMisbehaviour>(body);
    account.faultCounters.clear();
    return account.faults;
  }

  @Get('subscriptions')
  subscriptions(@Query() query: SubscriptionsQuery): { subscriptions: Array<Record<string, unknown>> } {
    const list = [...this.store.subscriptions.values()].filter(
      (s) =>
        (!query.key || s.key === query.key) &&
        (!query.com || s.com === query.com) &&
        (!query.number || s.number === query.number),
    );
    return { subscriptions: list.map(subscriptionView) };
  }

  @Get('parcels/:com/:number')
  parcel(@Param('com') com: string, @Param('number') number: string): Record<string, unknown> {
    return this.view(this.requireParcel(com, number, false));
  }

  /** One new scan in `state`; pushed at once to every live subscription (a final state shuts them down). */
  @Post('parcels/:com/:number/advance')
  @HttpCode(200)
  advance(
    @Param('com') com: string,
    @Param('number') number: string,
    @Body() body: AdvanceDto,
  ): Record<string, unknown> {
    const parcel = this.requireParcel(com, number, true);
    const pushes = this.tracking.advance(parcel, body);
    return { ...this.view(parcel), pushes: pushes.map((push) => push.id) };
  }

  /** Moves the parcel along on its own: each step `stepMs` after the previous (default: 1, 0, 0, 5, 3). */
  @Post('parcels/:com/:number/timeline')
  @HttpCode(200)
  timeline(
    @Param('com') com: string,
    @Param('number') number: string,
    @Body() body: TimelineDto,
  ): Record<string, unknown> {
    const parcel = this.requireParcel(com, number, true);
    this.tracking.startTimeline(parcel, body.stepMs, body.steps);
    return this.view(parcel);
  }

  @Post('parcels/:com/:number/abort')
  @HttpCode(200)
  abort(
    @Param('com') com: string,
    @Param('number') number: string,
    @Body() body: AbortDto,
  ): Record<string, unknown> {
    const parcel = this.requireParcel(com, number, false);
    const pushes = this.tracking.abort(parcel, body.message ?? '3天查询无记录');
    return { ...this.view(parcel), pushes: pushes.map((push) => push.id) };
  }

  @Get('pushes')
  pushes(@Query() query: PushesQuery): { total: number; pushes: Array<Record<string, unknown>> } {
    const list = this.store.pushes.filter(
      (p) =>
        (!query.key || p.key === query.key) &&
        (!query.com || p.com === query.com) &&
        (!query.number || p.number === query.number) &&
        (!query.delivery || p.delivery === query.delivery),
    );
    return { total: list.length, pushes: newest(list, query.limit).map(pushView) };
  }

  @Get('pushes/:id')
  push(@Param('id') id: string): Record<string, unknown> {
    const push = this.store.pushes.find((p) => p.id === id);
    if (!push) throw new NotFoundException(`no push ${id}`);
    return pushView(push);
  }

  private view(parcel: Parcel): Record<string, unknown> {
    return parcelView(
      parcel,
      this.store.subscriptionsOf(parcel.com, parcel.number),
      this.tracking.timelineRunning(parcel),
    );
  }

  private requireAccount(key: string): Account {
    const account = this.store.accounts.get(key);
    if (!account) throw new NotFoundException(`no account ${key}`);
    return account;
  }

  /** `create`: a parcel the tracker has not seen yet comes into being (the courier scanned it). */
  private requireParcel(com: string, number: string, create: boolean): Parcel {
    if (!(COMPANIES as readonly string[]).includes(com))
      throw new NotFoundException(`unknown company ${com}`);
    const parcel = this.store.parcels.get(parcelKey(com, number));
    if (parcel) return parcel;
    if (!create) throw new NotFoundException(`no parcel ${com}/${number}`);
    return this.store.ensureParcel(com, number);
  }
}
