import { Injectable } from '@nestjs/common';
import { ForbiddenError, Id, NotFoundError, RequestContext } from '@tongdao/kernel';

export interface OrderVisibility {
  /** Shops whose orders the actor may see. */
  shopIds: 'all' | readonly Id[];
  /** When set, only orders assigned to this staff member are visible (the cs_agent tier). */
  assignedStaffId: Id | null;
}

export interface OrderRef {
  shopId: Id;
  assignedStaffId: Id | null;
}

/**
 * The tier rules of the order desk, kept here so every context applies the same ones: which orders an
 * actor sees, and whether buyer PII is shown.
 */
@Injectable()
export class OrderAccessPolicy {
  visibleScope(ctx: RequestContext): OrderVisibility {
    const actor = ctx.actor;
    if (actor?.kind === 'system') return { shopIds: 'all', assignedStaffId: null };
    if (!actor || !ctx.can('order.read'))
      throw new ForbiddenError('missing_permission', 'This needs order.read');
    if (actor.isOwner) return { shopIds: 'all', assignedStaffId: null };
    return {
      shopIds: actor.shopScope,
      assignedStaffId: actor.orderScope === 'assigned' ? actor.staffId : null,
    };
  }

  canSee(ctx: RequestContext, order: OrderRef): boolean {
    const scope = this.visibleScope(ctx);
    if (scope.shopIds !== 'all' && !scope.shopIds.includes(order.shopId)) return false;
    if (scope.assignedStaffId && order.assignedStaffId !== scope.assignedStaffId) return false;
    return true;
  }

  /** An order outside the actor's tier is reported as not found: its existence is not leaked. */
  assertCanActOn(ctx: RequestContext, order: OrderRef & { id?: Id }): void {
    if (!this.canSee(ctx, order)) throw new NotFoundError('order', order.id);
  }

  canSeePii(ctx: RequestContext): boolean {
    const actor = ctx.actor;
    if (!actor) return false;
    if (actor.kind === 'system' || actor.isOwner) return true;
    return ctx.can('customer.read_pii');
  }
}
