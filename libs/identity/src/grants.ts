import { ErrorDetail, ForbiddenError, RequestContext } from '@tongdao/kernel';

/**
 * What a non-owner may hand out or touch: only permissions they hold and shops inside their own scope. A
 * staff.manage holder who could edit a stronger account (reset an admin's password, say) would escalate.
 */
export function outsideActorGrant(
  ctx: RequestContext,
  permissions: readonly string[],
  shopIds: readonly string[] | null | undefined,
  field: { permissions: string; shopIds: string },
): ErrorDetail[] {
  if (ctx.actor?.kind === 'system' || ctx.actor?.isOwner) return [];
  const beyond = [...new Set(permissions)].filter((p) => !ctx.can(p));
  const scope = ctx.actor?.shopScope ?? 'all';
  const outsideShops =
    scope === 'all' || shopIds === undefined
      ? []
      : shopIds === null
        ? ['(all shops)']
        : shopIds.filter((s) => !scope.includes(s));
  return [
    ...beyond.map((p) => ({ field: field.permissions, problem: `you do not hold ${p}` })),
    ...outsideShops.map((s) => ({ field: field.shopIds, problem: `outside your shops: ${s}` })),
  ];
}

export function privilegeEscalation(message: string, details: ErrorDetail[]): ForbiddenError {
  return new ForbiddenError('privilege_escalation', message, details);
}
