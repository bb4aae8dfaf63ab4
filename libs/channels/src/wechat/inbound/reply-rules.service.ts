import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import {
  ConflictError,
  ErrorDetail,
  Id,
  NotFoundError,
  RequestContext,
  ValidationFailedError,
} from '@tongdao/kernel';
import { REDIS, RedisClient, TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { ChannelAccountsService } from '../../channel-accounts.service';
import { RuleMatch, RuleReply, WechatReplyRuleRow } from './inbound.entities';
import { CompiledRule, MAX_PATTERN, regexProblem } from './reply-matcher';

export const RULE_MATCHES: RuleMatch[] = ['exact', 'contains', 'regex'];
export const RULE_REPLIES: RuleReply[] = ['text', 'product_search'];
export const MAX_RULES_PER_ACCOUNT = 200;
export const MAX_REPLY_TEXT = 600;

export interface ReplyRuleInput {
  name: string;
  matchType: RuleMatch;
  pattern: string;
  replyKind: RuleReply;
  /** The reply (text) or a heading above the product list (product_search). */
  replyText?: string | null;
  priority?: number;
  enabled?: boolean;
}

export interface ReplyRuleView {
  id: Id;
  channelAccountId: Id;
  name: string;
  matchType: RuleMatch;
  pattern: string;
  replyKind: RuleReply;
  replyText: string | null;
  priority: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

interface CachedRules {
  version: string;
  rules: CompiledRule[];
}

/**
 * Keyword auto-reply rules. The callback reads them from memory (the answer must leave within WeChat's
 * 5 seconds); a change bumps a per-account version in Redis so every api process reloads on its next push.
 */
@Injectable()
export class WechatReplyRules {
  private readonly rows: TenantRepository<WechatReplyRuleRow>;
  private readonly cache = new Map<Id, CachedRules>();
  private readonly localVersions = new Map<Id, number>();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly accounts: ChannelAccountsService,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {
    this.rows = new TenantRepository(tx, WechatReplyRuleRow, 'reply rule');
  }

  async list(ctx: RequestContext, accountId: Id): Promise<ReplyRuleView[]> {
    await this.assertWechat(ctx, accountId);
    const rows = await this.rows.find(ctx, { channelAccountId: accountId }, { priority: 'ASC', id: 'ASC' });
    return rows.map(view);
  }

  async create(ctx: RequestContext, accountId: Id, input: ReplyRuleInput): Promise<ReplyRuleView> {
    assertRule(input);
    await this.assertWechat(ctx, accountId);
    return this.tx.run(async () => {
      if ((await this.rows.count(ctx, { channelAccountId: accountId })) >= MAX_RULES_PER_ACCOUNT)
        throw new ConflictError('too_many_rules', `An account has at most ${MAX_RULES_PER_ACCOUNT} rules`);
      const row = await this.rows.insert(ctx, {
        channelAccountId: accountId,
        name: input.name.trim(),
        matchType: input.matchType,
        pattern: input.pattern,
        replyKind: input.replyKind,
        replyText: input.replyText ?? null,
        priority: input.priority ?? 100,
        enabled: input.enabled ?? true,
      });
      this.tx.afterCommit(() => this.changed(accountId));
      return view(row);
    });
  }

  async update(
    ctx: RequestContext,
    accountId: Id,
    ruleId: Id,
    patch: Partial<ReplyRuleInput>,
  ): Promise<ReplyRuleView> {
    await this.assertWechat(ctx, accountId);
    return this.tx.run(async () => {
      const row = await this.rows.findOne(ctx, { id: ruleId, channelAccountId: accountId });
      if (!row) throw new NotFoundError('reply rule', ruleId);
      const merged: ReplyRuleInput = { ...view(row), ...stripUndefined(patch) };
      assertRule(merged);
      Object.assign(row, {
        name: merged.name.trim(),
        matchType: merged.matchType,
        pattern: merged.pattern,
        replyKind: merged.replyKind,
        replyText: merged.replyText ?? null,
        priority: merged.priority ?? row.priority,
        enabled: merged.enabled ?? row.enabled,
      });
      await this.rows.save(ctx, row);
      this.tx.afterCommit(() => this.changed(accountId));
      return view(row);
    });
  }

  async remove(ctx: RequestContext, accountId: Id, ruleId: Id): Promise<void> {
    await this.assertWechat(ctx, accountId);
    const removed = await this.rows.delete(ctx, { id: ruleId, channelAccountId: accountId });
    if (removed === 0) throw new NotFoundError('reply rule', ruleId);
    await this.changed(accountId);
  }

  /** The account's enabled rules in match order, from memory unless they changed since the last load. */
  async active(ctx: RequestContext, accountId: Id): Promise<CompiledRule[]> {
    const version = await this.version(accountId);
    const cached = this.cache.get(accountId);
    if (cached && cached.version === version) return cached.rules;
    const rows = await this.rows.find(
      ctx,
      { channelAccountId: accountId, enabled: true },
      { priority: 'ASC', id: 'ASC' },
    );
    const rules = rows.map(compile).filter((r): r is CompiledRule => r !== null);
    this.cache.set(accountId, { version, rules });
    return rules;
  }

  private async version(accountId: Id): Promise<string> {
    if (this.redis) return (await this.redis.get(this.key(accountId))) ?? '0';
    return String(this.localVersions.get(accountId) ?? 0);
  }

  private async changed(accountId: Id): Promise<void> {
    this.cache.delete(accountId);
    this.localVersions.set(accountId, (this.localVersions.get(accountId) ?? 0) + 1);
    if (this.redis) await this.redis.incr(this.key(accountId));
  }

  private key(accountId: Id): string {
    return `${this.config.REDIS_KEY_PREFIX}:wechat:rules:${accountId}`;
  }

  private async assertWechat(ctx: RequestContext, accountId: Id): Promise<void> {
    const account = await this.accounts.row(ctx, accountId);
    if (account.type !== 'wechat')
      throw new ValidationFailedError('not_a_wechat_account', 'This channel account is not a WeChat account');
  }
}

function compile(row: WechatReplyRuleRow): CompiledRule | null {
  let regex: RegExp | null = null;
  if (row.matchType === 'regex') {
    if (regexProblem(row.pattern)) return null;
    regex = new RegExp(row.pattern, 'i');
  }
  return { ...view(row), regex };
}

function assertRule(input: ReplyRuleInput): void {
  const problems: ErrorDetail[] = [];
  if (!input.name || input.name.trim().length === 0 || input.name.length > 100)
    problems.push({ field: 'name', problem: '1 to 100 characters' });
  if (!RULE_MATCHES.includes(input.matchType))
    problems.push({ field: 'matchType', problem: RULE_MATCHES.join(' | ') });
  if (!RULE_REPLIES.includes(input.replyKind))
    problems.push({ field: 'replyKind', problem: RULE_REPLIES.join(' | ') });
  const pattern = input.pattern ?? '';
  const patternProblem =
    input.matchType === 'regex'
      ? regexProblem(pattern)
      : pattern.trim().length === 0 || pattern.length > MAX_PATTERN
        ? `1 to ${MAX_PATTERN} characters`
        : null;
  if (patternProblem) problems.push({ field: 'pattern', problem: patternProblem });
  const text = input.replyText ?? '';
  if (text.length > MAX_REPLY_TEXT)
    problems.push({ field: 'replyText', problem: `at most ${MAX_REPLY_TEXT} characters` });
  if (input.replyKind === 'text' && text.trim().length === 0)
    problems.push({ field: 'replyText', problem: 'required for a text reply' });
  if (problems.length > 0)
    throw new ValidationFailedError('validation_failed', 'Some fields are invalid', problems);
}

function stripUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function view(row: WechatReplyRuleRow): ReplyRuleView {
  return {
    id: row.id,
    channelAccountId: row.channelAccountId,
    name: row.name,
    matchType: row.matchType,
    pattern: row.pattern,
    replyKind: row.replyKind,
    replyText: row.replyText,
    priority: row.priority,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
