import { Module } from '@nestjs/common';
import { PollController } from './api/poll.controller';
import { PollService } from './api/poll.service';
import { TrackerControlController } from './control/control.controller';
import { TrackingService } from './parcels/tracking.service';
import { Pusher } from './push/pusher';
import { TrackerStore } from './state/store';

/**
 * A Kuaidi100-style parcel tracker as the platform: subscriptions at POST /poll, the real-time query at
 * POST /poll/query.do (real host: poll.kuaidi100.com), form pushes to each subscription's callbackurl, and the
 * sandbox's control API at /_sandbox/tracker. State is in memory, one store per app instance.
 */
@Module({
  controllers: [PollController, TrackerControlController],
  providers: [TrackerStore, Pusher, TrackingService, PollService],
})
export class TrackerSandboxModule {}
