import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { ForbiddenError, RequestContext, UnauthenticatedError, requestContextStorage } from '@tongdao/kernel';
import { AuthService } from '@tongdao/identity';
import { StoreBuyers, buyerContext } from '@tongdao/storefront';
import { attachBuyer } from '../store/buyer-access';
import { ACCESS_METADATA, AccessPolicy } from './access.decorators';

/**
 * The one gate of the HTTP API: resolves the bearer token to a tenant-scoped RequestContext, then checks
 * the route's declared permissions. A route without a declared policy is a programming error, refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly buyers: StoreBuyers,
    private readonly logger: PinoLogger,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_METADATA, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    if (!policy) {
      throw new Error(
        `${execution.getClass().name}.${execution.getHandler().name} declares no access policy`,
      );
    }
    if (policy.kind === 'public') return true;

    const req = execution.switchToHttp().getRequest<Request & { id?: string }>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthenticatedError();
    if (policy.kind === 'buyer') return this.admitBuyer(req, token);
    const store = requestContextStorage.getStore();
    const base = store?.ctx ?? RequestContext.anonymous(String(req.id), req.ip ?? null);
    const ctx = await this.auth.authenticate(token, base);
    if (store) store.ctx = ctx;
    this.logger.assign({ merchantId: ctx.merchantId, staffId: ctx.staffId });

    if (policy.kind === 'permissions') {
      const missing = policy.permissions.filter((p) => !ctx.can(p));
      if (missing.length > 0) {
        throw new ForbiddenError(
          'missing_permission',
          `This needs the ${missing.join(', ')} permission`,
          missing.map((p) => ({ field: 'permission', problem: `missing ${p}` })),
        );
      }
    }
    return true;
  }

  /** Buyer tokens and staff tokens live in different tables: neither opens the other's routes. */
  private async admitBuyer(req: Request & { id?: string }, token: string): Promise<boolean> {
    const session = await this.buyers.authenticate(token);
    const shopId = typeof req.params?.shopId === 'string' ? req.params.shopId : null;
    if (shopId !== session.shopId) {
      throw new ForbiddenError('wrong_shop', 'This buyer session belongs to another shop', [
        { field: 'shopId', problem: 'not the shop this buyer signed in to' },
      ]);
    }
    attachBuyer(req, session);
    const store = requestContextStorage.getStore();
    if (store) store.ctx = buyerContext(session, String(req.id));
    this.logger.assign({ merchantId: session.merchantId, customerId: session.customerId });
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S{10,200})$/i.exec(header);
  return match ? match[1] : null;
}
