import { ShipmentImportRunner } from '../batch-shipping/shipment-import.runner';
import { ShipmentImportResultRow, ShipmentImportRow } from '../batch-shipping/shipment-import.entities';
import { ShipmentImports } from '../batch-shipping/shipment-imports.service';
import { OrderDeskToolsSchema1763900007500 } from './desk-tools.migration';
import { OrderExportChunkRow, OrderExportRow } from './export.entities';
import { OrderCsvPages } from './order-csv-pages';
import { OrderExportRunner } from './order-export.runner';
import { OrderExports } from './order-exports.service';

/**
 * The desk's bulk tools (CSV export, batch shipping) in one place, so the shared orders module registers
 * them with one line each.
 */
export const DESK_TOOL_ENTITIES = [
  OrderExportRow,
  OrderExportChunkRow,
  ShipmentImportRow,
  ShipmentImportResultRow,
];
export const DESK_TOOL_MIGRATIONS = [OrderDeskToolsSchema1763900007500];
export const DESK_TOOL_PROVIDERS = [
  OrderCsvPages,
  OrderExports,
  OrderExportRunner,
  ShipmentImports,
  ShipmentImportRunner,
];
export const DESK_TOOL_EXPORTS = [OrderExports, ShipmentImports];
