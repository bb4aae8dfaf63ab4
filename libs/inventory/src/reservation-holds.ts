import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { RequestContext } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ReservationRow } from './entities';

/**
 * Turns time-limited holds (an unpaid order's) into open-ended ones once the order is paid. The expiry sweep
 * releases only holds still due (see StockService.expireDue), so after `keep` commits no sweep can take them.
 */
@Injectable()
export class ReservationHolds {
  constructor(private readonly tx: TransactionRunner) {}

  /**
   * Clears the expiry of every still-active reservation among `reservationIds`; returns the ids that are no
   * longer active (they lapsed or were released), for the caller to reserve anew. Joins the caller's transaction.
   */
  async keep(ctx: RequestContext, reservationIds: readonly string[]): Promise<string[]> {
    if (reservationIds.length === 0) return [];
    return this.tx.run(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(ReservationRow)
        .set({ expiresAt: null, updatedAt: new Date() })
        .where("merchant_id = :merchantId AND id IN (:...ids) AND status = 'active'", {
          merchantId: ctx.tenantId,
          ids: [...reservationIds],
        })
        .execute();
      const rows = await manager.find(ReservationRow, {
        select: { id: true, status: true },
        where: { merchantId: ctx.tenantId, id: In([...reservationIds]) },
      });
      const active = new Set(rows.filter((r) => r.status === 'active').map((r) => r.id));
      return reservationIds.filter((id) => !active.has(id));
    });
  }
}
