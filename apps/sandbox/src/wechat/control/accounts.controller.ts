import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  Put,
  UsePipes,
} from '@nestjs/common';
import { controlPipe, ResetDto, switchSet } from '../../shared/control';
import { PushDeliverer } from '../push/deliverer';
import { MisbehaviourConfig } from '../state/misbehaviour';
import { AccessToken, AccountSettings, OfficialAccount } from '../state/model';
import { WechatStore } from '../state/store';
import {
  ClockDto,
  CreateAccountDto,
  MisbehaviourDto,
  TemplateDto,
  UpdateAccountDto,
  VerifyUrlDto,
} from './dto';
import { AccountView, accountView, DeliveryView, deliveryView, tokenView } from './views';

const SETTING_KEYS = [
  'pushTimeoutMs',
  'pushAttempts',
  'csQuota',
  'openPlatformBound',
  'oauthDomain',
  'oauthOpenid',
] as const;

function settingsOf(body: UpdateAccountDto): Partial<AccountSettings> {
  const out: Partial<AccountSettings> = {};
  for (const key of SETTING_KEYS) if (body[key] !== undefined) Object.assign(out, { [key]: body[key] });
  return out;
}

/** `/_sandbox/wechat`: not part of WeChat. Accounts and their credentials, the clock, tokens and fault switches. */
@Controller('_sandbox/wechat')
@UsePipes(controlPipe)
export class AccountsController {
  constructor(
    private readonly store: WechatStore,
    private readonly deliverer: PushDeliverer,
  ) {}

  @Get()
  overview(): Record<string, unknown> {
    return {
      seed: this.store.seed,
      clock: new Date(this.store.now()).toISOString(),
      clockOffsetSeconds: Math.round(this.store.clockOffsetMs / 1000),
      accounts: [...this.store.accounts.keys()],
      followers: this.store.followers.size,
      deliveries: this.store.deliveries.length,
      sent: this.store.sent.length,
      calls: this.store.calls.length,
    };
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body() body: ResetDto): { seed: number } {
    this.store.reset(body.seed);
    return { seed: body.seed };
  }

  @Post('clock')
  @HttpCode(200)
  clock(@Body() body: ClockDto): { now: string; offsetSeconds: number } {
    if (body.offsetSeconds !== undefined) this.store.clockOffsetMs = body.offsetSeconds * 1000;
    if (body.advanceSeconds !== undefined) this.store.clockOffsetMs += body.advanceSeconds * 1000;
    return { now: new Date(this.store.now()).toISOString(), offsetSeconds: this.store.clockOffsetMs / 1000 };
  }

  @Post('accounts')
  create(@Body() body: CreateAccountDto): AccountView {
    const account = this.store.createAccount({ ...body, settings: settingsOf(body) });
    return this.view(account);
  }

  @Get('accounts/:appId')
  get(@Param('appId') appId: string): AccountView {
    return this.view(this.requireAccount(appId));
  }

  @Patch('accounts/:appId')
  update(@Param('appId') appId: string, @Body() body: UpdateAccountDto): AccountView {
    const account = this.requireAccount(appId);
    if (body.callbackUrl !== undefined) account.callbackUrl = body.callbackUrl;
    if (body.mode !== undefined) account.mode = body.mode;
    account.settings = { ...account.settings, ...settingsOf(body) };
    return this.view(account);
  }

  @Post('accounts/:appId/templates')
  addTemplate(@Param('appId') appId: string, @Body() body: TemplateDto): { templateId: string } {
    this.requireAccount(appId);
    return { templateId: this.store.addTemplate(appId, body.title, body.content).templateId };
  }

  /** The console's GET check of a callback URL (echostr). */
  @Post('accounts/:appId/verify-url')
  @HttpCode(200)
  async verifyUrl(
    @Param('appId') appId: string,
    @Body() body: VerifyUrlDto,
  ): Promise<DeliveryView & { ok: boolean }> {
    const account = this.requireAccount(appId);
    const url = body.url ?? account.callbackUrl;
    if (!url) throw new ConflictException('the account has no callback URL');
    const delivery = await this.deliverer.verifyUrl(account, url);
    return { ok: delivery.reply?.kind === 'ack', ...deliveryView(delivery) };
  }

  @Get('accounts/:appId/tokens')
  tokens(@Param('appId') appId: string): { tokens: Array<Record<string, unknown>> } {
    this.requireAccount(appId);
    const now = this.store.now();
    const tokens = [...this.store.tokens.values()].filter((t) => t.appId === appId);
    return { tokens: tokens.map((t) => tokenView(t, now)) };
  }

  /** From now on the token answers 42001. */
  @Post('tokens/:token/expire')
  @HttpCode(200)
  expire(@Param('token') token: string): Record<string, unknown> {
    const record = this.requireToken(token);
    record.expiresAt = Math.min(record.expiresAt, this.store.now() - 1);
    return tokenView(record, this.store.now());
  }

  /** From now on the token answers 40001, as if refreshed elsewhere long ago. */
  @Post('tokens/:token/invalidate')
  @HttpCode(200)
  invalidate(@Param('token') token: string): Record<string, unknown> {
    const record = this.requireToken(token);
    record.revoked = true;
    return tokenView(record, this.store.now());
  }

  @Get('accounts/:appId/misbehaviour')
  getMisbehaviour(@Param('appId') appId: string): MisbehaviourConfig {
    this.requireAccount(appId);
    return this.store.misbehaviourOf(appId).config;
  }

  /** Replaces the account's whole switch set (and restarts its counters); `{}` turns everything off. */
  @Put('accounts/:appId/misbehaviour')
  setMisbehaviour(@Param('appId') appId: string, @Body() body: MisbehaviourDto): MisbehaviourConfig {
    this.requireAccount(appId);
    const config = switchSet<MisbehaviourConfig>(body);
    this.store.misbehaviourOf(appId).set(config);
    return config;
  }

  private view(account: OfficialAccount): AccountView {
    const templates = [...this.store.templates.values()].filter((t) => t.appId === account.appId);
    return accountView(account, templates);
  }

  private requireAccount(appId: string): OfficialAccount {
    const account = this.store.accounts.get(appId);
    if (!account) throw new NotFoundException(`no account ${appId}`);
    return account;
  }

  private requireToken(token: string): AccessToken {
    const record = this.store.tokens.get(token);
    if (!record) throw new NotFoundException('no such access_token');
    return record;
  }
}
