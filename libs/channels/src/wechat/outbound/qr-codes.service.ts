import { Injectable } from '@nestjs/common';
import { AuditLog } from '@tongdao/identity';
import {
  DomainError,
  ErrorDetail,
  Id,
  Page,
  PageQuery,
  RequestContext,
  ValidationFailedError,
  pageSize,
  toPage,
} from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { WechatAccounts } from '../wechat-accounts.service';
import { WechatQrCodeRow } from './outbound.entities';
import { toDomainError } from './platform-errors';
import { WechatApiClient } from './wechat-api-client';

export const QR_SCENE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const QR_MAX_EXPIRE_SECONDS = 2_592_000;
/** WeChat's own default is 60 s, too short for a printed campaign code; ours is the 30-day maximum. */
export const QR_DEFAULT_EXPIRE_SECONDS = QR_MAX_EXPIRE_SECONDS;

export interface CreateQrCodeInput {
  scene: string;
  permanent?: boolean;
  expireSeconds?: number;
}

export interface QrCodeView {
  id: Id;
  channelAccountId: Id;
  scene: string;
  permanent: boolean;
  ticket: string;
  url: string;
  /** The image: WeChat's showqrcode address for the ticket. */
  imageUrl: string;
  expireSeconds: number | null;
  expiresAt: string | null;
  createdAt: string;
}

/** Parametric QR codes with string scenes (QR_STR_SCENE, QR_LIMIT_STR_SCENE); a follower's scene names the code. */
@Injectable()
export class WechatQrCodes {
  private readonly rows: TenantRepository<WechatQrCodeRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly wechat: WechatAccounts,
    private readonly api: WechatApiClient,
    private readonly audit: AuditLog,
  ) {
    this.rows = new TenantRepository(tx, WechatQrCodeRow, 'QR code');
  }

  async create(ctx: RequestContext, accountId: Id, input: CreateQrCodeInput): Promise<QrCodeView> {
    assertQrInput(input);
    const account = await this.wechat.credentials(ctx, accountId);
    const permanent = input.permanent ?? false;
    const expireSeconds = permanent ? null : (input.expireSeconds ?? QR_DEFAULT_EXPIRE_SECONDS);
    const body = permanent
      ? { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: input.scene } } }
      : {
          expire_seconds: expireSeconds,
          action_name: 'QR_STR_SCENE',
          action_info: { scene: { scene_str: input.scene } },
        };
    const answer = await this.api.post(account, '/cgi-bin/qrcode/create', body).catch((error: unknown) => {
      throw toDomainError(error);
    });
    if (typeof answer.ticket !== 'string' || typeof answer.url !== 'string')
      throw new DomainError(502, 'wechat_api_error', 'WeChat answered without a ticket');
    const { ticket, url } = answer;
    const granted = typeof answer.expire_seconds === 'number' ? answer.expire_seconds : expireSeconds;
    return this.tx.run(async () => {
      const row = await this.rows.insert(ctx, {
        channelAccountId: accountId,
        scene: input.scene,
        permanent,
        ticket,
        url,
        expireSeconds: permanent ? null : granted,
        expiresAt: permanent || granted === null ? null : new Date(Date.now() + granted * 1000),
        createdBy: ctx.staffId,
      });
      await this.audit.record(ctx, {
        action: 'wechat.qr_code.create',
        targetType: 'channel_account',
        targetId: accountId,
        summary: { qrCodeId: row.id, scene: row.scene, permanent },
      });
      return qrView(row);
    });
  }

  async list(ctx: RequestContext, accountId: Id, query: PageQuery): Promise<Page<QrCodeView>> {
    await this.wechat.credentials(ctx, accountId);
    const rows = await this.rows.pageRows(ctx, query, { channelAccountId: accountId });
    return toPage(rows, pageSize(query), qrView);
  }
}

function assertQrInput(input: CreateQrCodeInput): void {
  const problems: ErrorDetail[] = [];
  if (typeof input.scene !== 'string' || !QR_SCENE_PATTERN.test(input.scene))
    problems.push({ field: 'scene', problem: '1 to 64 letters, digits, _ . : or -' });
  if (input.permanent && input.expireSeconds !== undefined)
    problems.push({ field: 'expireSeconds', problem: 'permanent codes do not expire' });
  if (
    input.expireSeconds !== undefined &&
    !(
      Number.isInteger(input.expireSeconds) &&
      input.expireSeconds >= 60 &&
      input.expireSeconds <= QR_MAX_EXPIRE_SECONDS
    )
  )
    problems.push({ field: 'expireSeconds', problem: `an integer from 60 to ${QR_MAX_EXPIRE_SECONDS}` });
  if (problems.length > 0)
    throw new ValidationFailedError('validation_failed', 'Some fields are invalid', problems);
}

function qrView(row: WechatQrCodeRow): QrCodeView {
  return {
    id: row.id,
    channelAccountId: row.channelAccountId,
    scene: row.scene,
    permanent: Boolean(row.permanent),
    ticket: row.ticket,
    url: row.url,
    imageUrl: `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(row.ticket)}`,
    expireSeconds: row.expireSeconds,
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}
