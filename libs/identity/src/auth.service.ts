import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import {
  DomainError,
  ForbiddenError,
  RequestContext,
  TooManyRequestsError,
  UnauthenticatedError,
  newId,
} from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { IsNull } from 'typeorm';
import { actorFor } from './actor';
import { AuditLog } from './audit/audit-log.service';
import { LoginThrottle } from './auth/counter-store';
import { verifyPassword } from './auth/passwords';
import { hashToken, newAccessToken } from './auth/tokens';
import { StaffRow } from './entities';
import { IdentityRepositories } from './repositories';

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

class InvalidCredentialsError extends DomainError {
  constructor() {
    super(401, 'invalid_credentials', 'The login or the password is wrong');
  }
}

/** Logins, tokens and turning a token back into who is asking. */
@Injectable()
export class AuthService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: TransactionRunner,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async login(base: RequestContext, login: string, password: string): Promise<IssuedToken> {
    const wait = await this.throttle.blockedFor(login, base.ip);
    if (wait > 0) throw new TooManyRequestsError('Too many failed logins; try again later', wait);

    const staff = await this.repos.staffByLogin(login);
    const ok = await verifyPassword(password, staff?.passwordHash ?? null);
    if (!staff || !ok) {
      await this.throttle.failed(login, base.ip);
      if (staff) await this.recordAttempt(base, staff, 'auth.login_failed');
      throw new InvalidCredentialsError();
    }
    if (staff.status !== 'active') {
      throw new ForbiddenError('account_disabled', 'This staff account is disabled');
    }
    await this.throttle.succeeded(login);
    return this.tx.run(async () => {
      const token = await this.issue(staff, base.ip);
      await this.recordAttempt(base, staff, 'auth.login');
      return token;
    });
  }

  /** A fresh session for a staff member (login and signup). */
  async issue(staff: StaffRow, ip: string | null): Promise<IssuedToken> {
    const accessToken = newAccessToken();
    const now = new Date();
    await this.repos.sessions().insert({
      id: newId(),
      merchantId: staff.merchantId,
      staffId: staff.id,
      tokenHash: hashToken(accessToken),
      expiresAt: new Date(now.getTime() + this.config.TOKEN_TTL_SECONDS * 1000),
      revokedAt: null,
      ip,
      createdAt: now,
    });
    return { accessToken, expiresIn: this.config.TOKEN_TTL_SECONDS };
  }

  async logout(ctx: RequestContext, token: string): Promise<void> {
    await this.tx.run(async () => {
      await this.repos
        .sessions()
        .update({ tokenHash: hashToken(token), revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(ctx, {
        action: 'auth.logout',
        targetType: 'staff',
        targetId: ctx.staffId,
        summary: {},
      });
    });
  }

  /** Ends every session of a staff member (disabled, password changed). */
  async revokeAll(staffId: string): Promise<void> {
    await this.repos.sessions().update({ staffId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Resolves an access token to the tenant-scoped context of its staff member. */
  async authenticate(token: string, base: RequestContext): Promise<RequestContext> {
    const session = await this.repos.sessions().findOne({ where: { tokenHash: hashToken(token) } });
    if (!session || session.revokedAt)
      throw new UnauthenticatedError('invalid_token', 'The access token is not valid');
    if (session.expiresAt.getTime() <= Date.now()) {
      throw new UnauthenticatedError('token_expired', 'The access token has expired; log in again');
    }
    // Primary-key lookups, independent of each other; with the session and roles that is 4 indexed reads.
    const [staff, merchant] = await Promise.all([
      this.repos.staffById(session.staffId),
      this.repos.merchants().findOne({ where: { id: session.merchantId } }),
    ]);
    if (!staff || !merchant || staff.status !== 'active' || merchant.status !== 'active') {
      throw new UnauthenticatedError('invalid_token', 'The access token is not valid');
    }
    const roles = staff.isOwner
      ? []
      : await this.repos.roles.findByIds(RequestContext.system(merchant.id, base.requestId), staff.roleIds);
    return base.withTenant(merchant.id, actorFor(staff, roles, merchant));
  }

  private async recordAttempt(base: RequestContext, staff: StaffRow, action: string): Promise<void> {
    const ctx = base.withTenant(staff.merchantId, {
      kind: 'staff',
      staffId: staff.id,
      name: staff.name,
      isOwner: staff.isOwner,
      permissions: new Set(),
      shopScope: 'all',
      orderScope: 'all',
      refundLimitFen: null,
    });
    await this.tx.run(() =>
      this.audit.record(ctx, {
        action,
        targetType: 'staff',
        targetId: staff.id,
        summary: { login: staff.login },
      }),
    );
  }
}
