import { Injectable } from '@nestjs/common';
import { ForbiddenError, RequestContext, assertFen } from '@tongdao/kernel';

/** Who may approve how much: owner/admin without limit, other refunding roles up to the merchant's limit. */
@Injectable()
export class RefundPolicy {
  assertWithinLimit(ctx: RequestContext, amountFen: number): void {
    assertFen(amountFen, 'amountFen');
    if (ctx.actor?.kind === 'system') return;
    if (!ctx.can('order.refund')) throw new ForbiddenError('missing_permission', 'This needs order.refund');
    const limit = !ctx.actor || ctx.actor.isOwner ? null : ctx.actor.refundLimitFen;
    if (limit !== null && amountFen > limit) {
      throw new ForbiddenError(
        'refund_limit_exceeded',
        `Refunds above ${limit} fen need a supervisor with a higher limit`,
        [{ field: 'amountFen', problem: `exceeds your limit of ${limit} fen` }],
      );
    }
  }
}
