import { ExportStatus, OrderExportRow, StoredDeskFilters } from './export.entities';

export interface OrderExportView {
  id: string;
  status: ExportStatus;
  filters: StoredDeskFilters;
  rowsWritten: number;
  /** Counted when the job starts; null until then. */
  rowsTotal: number | null;
  /** Percent, 0–100; 100 only once the file is complete. */
  progress: number;
  bytes: number;
  failureReason: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** After this the file is deleted and the download answers 410. */
  expiresAt: string;
  downloadPath: string | null;
}

export function exportView(row: OrderExportRow): OrderExportView {
  const done = row.status === 'completed';
  const total = row.rowsTotal ?? 0;
  const progress = done ? 100 : total > 0 ? Math.min(99, Math.floor((row.rowsWritten / total) * 100)) : 0;
  return {
    id: row.id,
    status: row.status,
    filters: row.filters,
    rowsWritten: row.rowsWritten,
    rowsTotal: row.rowsTotal,
    progress,
    bytes: row.bytes,
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    downloadPath: done ? `/admin/v1/orders/exports/${row.id}/download` : null,
  };
}
