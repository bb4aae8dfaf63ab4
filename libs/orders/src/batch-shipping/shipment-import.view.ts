import { ErrorDetail } from '@tongdao/kernel';
import { ShipmentImportResultRow, ShipmentImportRow, ShipmentImportStatus } from './shipment-import.entities';

export interface ShipmentImportRowView {
  /** CSV record number, the header being 1. */
  row: number;
  outcome: 'shipped' | 'error';
  orderId: string | null;
  shipmentId: string | null;
  error: { code: string; message: string; fields: ErrorDetail[] } | null;
}

export interface ShipmentImportView {
  id: string;
  status: ShipmentImportStatus;
  totalRows: number;
  processedRows: number;
  shippedRows: number;
  errorRows: number;
  /** Percent, 0–100. */
  progress: number;
  failureReason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** One entry per processed row, in file order. */
  rows: ShipmentImportRowView[];
}

export function shipmentImportView(
  job: ShipmentImportRow,
  results: ShipmentImportResultRow[],
): ShipmentImportView {
  const shipped = results.filter((r) => r.outcome === 'shipped').length;
  const processed = results.length;
  return {
    id: job.id,
    status: job.status,
    totalRows: job.totalRows,
    processedRows: processed,
    shippedRows: shipped,
    errorRows: processed - shipped,
    progress: job.status === 'completed' ? 100 : Math.min(99, Math.floor((processed / job.totalRows) * 100)),
    failureReason: job.failureReason,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    rows: results.map((r) => ({
      row: r.rowNo,
      outcome: r.outcome,
      orderId: r.orderId,
      shipmentId: r.shipmentId,
      error:
        r.outcome === 'error'
          ? { code: r.errorCode ?? 'error', message: r.errorMessage ?? '', fields: r.errorFields ?? [] }
          : null,
    })),
  };
}
