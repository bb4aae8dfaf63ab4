export { ErpModule, erpSchema } from './erp.module';
export { ErpAdmin } from './erp-admin.service';
export { ErpOptions } from './erp-options';
export { ErpConnections } from './connection/erp-connections.service';
export type {
  ErpConnectionInput,
  ErpConnectionView,
  ConnectionTestResult,
} from './connection/erp-connections.service';
export { ErpUploader, ERP_UPLOAD_JOB } from './uploads/erp-uploader';
export type { UploadRunSummary } from './uploads/erp-uploader';
export type { OrderLinkView } from './uploads/order-links';
export { ErpSync, ERP_PULL_JOB, ERP_SWEEP_JOB } from './sync/erp-sync.service';
export type { SyncRunSummary } from './sync/erp-sync.service';
export type { SyncLogView, SyncLogQuery } from './sync-log.service';
export { MAX_UPLOAD_BATCH, MAX_WINDOW_MS } from './connector/erp-connector';
export type {
  ErpConnector,
  ErpOrder,
  ErpOrderLine,
  ErpUploadOutcome,
  ErpCancel,
  ErpCancelOutcome,
  ErpStockRow,
  ErpStockQuery,
  ErpShipment,
  ErpPage,
  ErpWindowQuery,
} from './connector/erp-connector';
export { ErpError, classifyJushuitan } from './connector/erp-errors';
export type { ErpFailureKind } from './connector/erp-errors';
export { JushuitanClient } from './connector/jushuitan-client';
export type { JushuitanCredentials } from './connector/jushuitan-client';
export { JushuitanConnector } from './connector/jushuitan-connector';
export { jushuitanSign } from './connector/jushuitan-signature';
export { ERP_KINDS, STOCK_SOURCES, LINK_STATES, SYNC_LOG_KINDS } from './erp.entities';
export type { ErpKind, StockSource, LinkState, SyncLogKind, ErpShopBinding } from './erp.entities';
