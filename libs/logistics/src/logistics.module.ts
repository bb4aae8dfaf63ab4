import { Module } from '@nestjs/common';
import { IdentityModule } from '@tongdao/identity';
import { OrdersModule } from '@tongdao/orders';
import { SchemaContribution } from '@tongdao/persistence';
import { ShipmentTrackingEventRow, ShipmentTrackingRow } from './entities';
import { LogisticsSchema1763900011500 } from './logistics.migration';
import { TrackerClient } from './tracker-client';
import { TrackerPushes } from './tracker-pushes';
import { TrackingReads } from './tracking-reads';
import { TrackingSubscriptions } from './tracking-subscriptions';
import { TrackingUpdates } from './tracking-updates';

export const logisticsSchema: SchemaContribution = {
  entities: [ShipmentTrackingRow, ShipmentTrackingEventRow],
  migrations: [LogisticsSchema1763900011500],
};

/** Carriers, parcel tracking subscriptions, the signed push callback and tracking states on shipments. */
@Module({
  imports: [IdentityModule, OrdersModule],
  providers: [TrackerClient, TrackingSubscriptions, TrackingUpdates, TrackerPushes, TrackingReads],
  exports: [TrackerPushes, TrackingReads],
})
export class LogisticsModule {}
