import { Injectable, Logger } from '@nestjs/common';
import { RequestContext, ValidationFailedError, isId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ShipmentTrackingRow } from './entities';
import { readTrackerPush } from './tracker-push';
import { trackerSignatureMatches } from './tracker-signature';
import { TrackingUpdates } from './tracking-updates';

/** The tracker's answer format (PROTOCOLS §5.3); anything but `result: true` makes it push again later. */
export interface TrackerAnswer {
  status: number;
  body: { result: boolean; returnCode: string; message: string };
}

const ACCEPTED: TrackerAnswer = { status: 200, body: { result: true, returnCode: '200', message: '成功' } };
const FORGED: TrackerAnswer = {
  status: 400,
  body: { result: false, returnCode: '400', message: '签名错误' },
};
const MALFORMED: TrackerAnswer = {
  status: 400,
  body: { result: false, returnCode: '400', message: '参数错误' },
};
const TRY_AGAIN: TrackerAnswer = {
  status: 500,
  body: { result: false, returnCode: '500', message: '稍后重试' },
};

/**
 * The tracker's push callback. The signature is checked first, with the salt of the subscription the URL
 * names, before `param` is even parsed: an unknown subscription and a bad signature get the same 400 and
 * change nothing (a 400, not a 500, so a forger's push is not worth redelivering). A valid push is stored
 * before it is acknowledged; if storing fails the answer asks the tracker to push again.
 */
@Injectable()
export class TrackerPushes {
  private readonly logger = new Logger(TrackerPushes.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly updates: TrackingUpdates,
  ) {}

  async receive(trackingId: string, form: { param?: unknown; sign?: unknown }): Promise<TrackerAnswer> {
    const { param, sign } = form;
    const row = isId(trackingId)
      ? await this.tx.dataSource.getRepository(ShipmentTrackingRow).findOne({ where: { id: trackingId } })
      : null;
    if (!row || typeof param !== 'string' || !trackerSignatureMatches(param, row.salt, sign)) {
      this.logger.warn({ trackingId, known: row !== null }, 'tracker push refused: bad signature');
      return FORGED;
    }
    let push;
    try {
      push = readTrackerPush(param);
    } catch (error) {
      this.logger.warn({ trackingId, err: String(error) }, 'tracker push refused: not a push');
      return MALFORMED;
    }
    const ctx = RequestContext.system(row.merchantId, `tracker-push:${trackingId}`);
    try {
      const change = await this.updates.apply(ctx, row.id, push);
      if (change.newEvents > 0 || change.state !== change.previousState)
        this.logger.log({ trackingId, ...change }, 'parcel tracking updated');
      return ACCEPTED;
    } catch (error) {
      if (error instanceof ValidationFailedError) {
        this.logger.warn({ trackingId, err: error.message }, 'tracker push refused');
        return MALFORMED;
      }
      this.logger.error(
        { trackingId, err: String(error) },
        'tracker push not stored; the tracker will retry',
      );
      return TRY_AGAIN;
    }
  }
}
