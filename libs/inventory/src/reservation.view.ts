import { ReservationRow, ReservationStatus } from './entities';

/** A reservation as other contexts and staff see it. Open = quantity − committed − released. */
export interface Reservation {
  id: string;
  skuId: string;
  warehouseId: string;
  quantity: number;
  committedQuantity: number;
  releasedQuantity: number;
  openQuantity: number;
  status: ReservationStatus;
  reference: { type: string; id: string };
  expiresAt: string | null;
  releaseReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toReservation(row: ReservationRow): Reservation {
  return {
    id: row.id,
    skuId: row.skuId,
    warehouseId: row.warehouseId,
    quantity: row.quantity,
    committedQuantity: row.committedQuantity,
    releasedQuantity: row.releasedQuantity,
    openQuantity: row.quantity - row.committedQuantity - row.releasedQuantity,
    status: row.status,
    reference: { type: row.referenceType, id: row.referenceId },
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
    releaseReason: row.releaseReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
