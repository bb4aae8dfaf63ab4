import { AsyncLocalStorage } from 'node:async_hooks';
import { Id } from './ids';
import { UnauthenticatedError } from './errors';

/** Who is acting: a staff member (with resolved permissions) or the system itself (jobs, channel callbacks). */
export interface Actor {
  kind: 'staff' | 'system';
  staffId: Id | null;
  name: string;
  isOwner: boolean;
  permissions: ReadonlySet<string>;
  /** `all` or the ids of the shops this actor's roles cover. */
  shopScope: 'all' | readonly Id[];
  /** `assigned`: the actor sees and acts only on orders assigned to them (the cs_agent tier). */
  orderScope: 'all' | 'assigned';
  /** Largest refund this actor may approve, in fen; null = no limit (owner, admin). */
  refundLimitFen: number | null;
}

const SYSTEM_ACTOR: Actor = {
  kind: 'system',
  staffId: null,
  name: 'system',
  isOwner: false,
  permissions: new Set<string>(),
  shopScope: 'all',
  orderScope: 'all',
  refundLimitFen: null,
};

/**
 * The first argument of every service method (the Vendure habit): the tenant, the actor, the request id.
 * Tenancy is read from here and nowhere else, so a query cannot forget it.
 */
export class RequestContext {
  constructor(
    readonly requestId: string,
    readonly merchantId: Id | null,
    readonly actor: Actor | null,
    readonly ip: string | null = null,
  ) {}

  static anonymous(requestId: string, ip: string | null = null): RequestContext {
    return new RequestContext(requestId, null, null, ip);
  }

  static system(merchantId: Id | null, requestId: string): RequestContext {
    return new RequestContext(requestId, merchantId, SYSTEM_ACTOR);
  }

  /** The tenant; throws when there is none, so unscoped access to tenant data is impossible by construction. */
  get tenantId(): Id {
    if (!this.merchantId) throw new UnauthenticatedError('no_tenant', 'This action needs a merchant context');
    return this.merchantId;
  }

  get staffId(): Id | null {
    return this.actor?.staffId ?? null;
  }

  can(permission: string): boolean {
    if (!this.actor) return false;
    if (this.actor.isOwner) return true;
    return this.actor.permissions.has(permission);
  }

  withTenant(merchantId: Id, actor: Actor): RequestContext {
    return new RequestContext(this.requestId, merchantId, actor, this.ip);
  }
}

/** Ambient copy of the context for the one place that cannot take it as an argument: log lines. */
export const requestContextStorage = new AsyncLocalStorage<{ ctx: RequestContext }>();

export function currentRequestContext(): RequestContext | undefined {
  return requestContextStorage.getStore()?.ctx;
}
