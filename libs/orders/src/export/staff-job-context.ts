import { StaffService } from '@tongdao/identity';
import { Actor, DomainError, ForbiddenError, NotFoundError, RequestContext } from '@tongdao/kernel';

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

/** The bookkeeping columns every tracked desk job row has (exports, shipment imports). */
export interface TrackedJobRow {
  id: string;
  merchantId: string;
  status: string;
  attempts: number;
  startedAt: Date | null;
  actor: ActorSnapshot;
}

export interface TrackedJobSteps<J extends TrackedJobRow> {
  load(system: RequestContext): Promise<J | null>;
  update(system: RequestContext, fields: Partial<TrackedJobRow> & Record<string, unknown>): Promise<void>;
  /** The work, as the requesting staff member; `attempts` is this attempt's number. */
  work(ctx: RequestContext, job: J, attempts: number): Promise<void>;
  maxAttempts: number;
  onAttemptFailed(attempts: number, error: unknown): void;
}

/**
 * One attempt of a tracked desk job: skip finished jobs, mark running, act as the requester, and on failure
 * either rethrow (the queue retries) or — for a refusal that a retry cannot change, or the last attempt —
 * mark the job failed with its reason.
 */
export async function runTrackedJob<J extends TrackedJobRow>(
  staff: StaffService,
  system: RequestContext,
  steps: TrackedJobSteps<J>,
): Promise<void> {
  const job = await steps.load(system);
  if (!job || job.status === 'completed' || job.status === 'failed') return;
  const attempts = job.attempts + 1;
  await steps.update(system, { status: 'running', attempts, startedAt: job.startedAt ?? new Date() });
  try {
    const ctx = await staffJobContext(staff, job.merchantId, system.requestId, job.actor);
    await steps.work(ctx, job, attempts);
  } catch (error) {
    steps.onAttemptFailed(attempts, error);
    if (!(error instanceof DomainError) && attempts < steps.maxAttempts) throw error;
    await steps.update(system, {
      status: 'failed',
      failureReason: String(error instanceof DomainError ? error.message : error).slice(0, 500),
      finishedAt: new Date(),
    });
  }
}
