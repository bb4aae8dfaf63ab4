import { StaffService } from '@tongdao/identity';
import { Actor, ForbiddenError, NotFoundError, RequestContext } from '@tongdao/kernel';

/** The acting staff member of a desk job, frozen at the request: what they could see and do then. */
export interface ActorSnapshot {
  staffId: string | null;
  name: string;
  isOwner: boolean;
  permissions: string[];
  shopScope: 'all' | string[];
  orderScope: 'all' | 'assigned';
  refundLimitFen: number | null;
}

export function snapshotActor(ctx: RequestContext): ActorSnapshot {
  const actor = ctx.actor;
  if (!actor || actor.kind !== 'staff')
    throw new ForbiddenError('staff_only', 'Only staff can start this job');
  return {
    staffId: actor.staffId,
    name: actor.name,
    isOwner: actor.isOwner,
    permissions: [...actor.permissions],
    shopScope: actor.shopScope === 'all' ? 'all' : [...actor.shopScope],
    orderScope: actor.orderScope,
    refundLimitFen: actor.refundLimitFen,
  };
}

/**
 * Rebuilds the requester's context inside a job, so a worker process applies the same tier rules and
 * writes the same audit actor as the request would have. The rights are those held at the request; a
 * staff member disabled since then stops the job.
 */
export async function staffJobContext(
  staff: StaffService,
  merchantId: string,
  requestId: string,
  snapshot: ActorSnapshot,
): Promise<RequestContext> {
  const actor: Actor = {
    kind: 'staff',
    staffId: snapshot.staffId,
    name: snapshot.name,
    isOwner: snapshot.isOwner,
    permissions: new Set(snapshot.permissions),
    shopScope: snapshot.shopScope,
    orderScope: snapshot.orderScope,
    refundLimitFen: snapshot.refundLimitFen,
  };
  const ctx = new RequestContext(requestId, merchantId, actor);
  if (!snapshot.staffId) return ctx;
  const member = await staff.get(ctx, snapshot.staffId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  if (!member || member.status !== 'active')
    throw new ForbiddenError('staff_disabled', 'The staff member who started this job is no longer active');
  return ctx;
}
