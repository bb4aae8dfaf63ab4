import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';

export interface SubscribeRequest {
  company: string;
  number: string;
  callbackUrl: string;
  salt: string;
  /** Receiver's phone: some carriers (SF) only show their tracks to whoever knows it. */
  phone?: string | null;
}

/** `subscribed` (also for a repeated subscription, 501) or `rejected`: the tracker will never take it. */
export type SubscribeOutcome =
  { kind: 'subscribed'; returnCode: string } | { kind: 'rejected'; returnCode: string; message: string };

/** The tracker could not be asked, or failed, or refused our key: worth retrying (after a fix, for the key). */
export class TrackerUnavailableError extends Error {
  constructor(
    message: string,
    readonly returnCode: string | null = null,
  ) {
    super(message);
    this.name = 'TrackerUnavailableError';
  }
}

/** 700 bad subscription data or callback, 701 carrier refused, 702 carrier not recognised, 703 number refused. */
const FINAL_REFUSALS: ReadonlySet<string> = new Set(['700', '701', '702', '703']);
const TIMEOUT_MS = 10_000;

/** Subscribes parcels at the Kuaidi100-style tracker (PROTOCOLS §5.3): form `schema=json&param=<JSON>`. */
@Injectable()
export class TrackerClient {
  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.trackerUrl !== null;
  }

  /**
   * The embedded default talks to its own in-process sandbox, which starts empty: on an unknown-key answer
   * (600) it registers the configured key there once and asks again. Never done against a configured tracker.
   */
  async subscribe(request: SubscribeRequest): Promise<SubscribeOutcome> {
    try {
      return await this.subscribeOnce(request);
    } catch (error) {
      if (!(error instanceof TrackerUnavailableError) || error.returnCode !== '600' || !this.ownSandbox)
        throw error;
      await this.registerSandboxKey();
      return this.subscribeOnce(request);
    }
  }

  private get ownSandbox(): boolean {
    return !this.config.TRACKER_URL && this.config.trackerUrl !== null;
  }

  private async registerSandboxKey(): Promise<void> {
    const response = await fetch(`${this.config.trackerUrl}/_sandbox/tracker/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: this.config.TRACKER_KEY }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch((error: unknown) => {
      throw new TrackerUnavailableError(`sandbox tracker unreachable: ${messageOf(error)}`);
    });
    if (!response.ok)
      throw new TrackerUnavailableError(`sandbox tracker refused the key: ${response.status}`);
  }

  private async subscribeOnce(request: SubscribeRequest): Promise<SubscribeOutcome> {
    const base = this.config.trackerUrl;
    if (!base) throw new TrackerUnavailableError('no tracker is configured (TRACKER_URL)');
    const param = {
      company: request.company,
      number: request.number,
      key: this.config.TRACKER_KEY,
      parameters: {
        callbackurl: request.callbackUrl,
        salt: request.salt,
        resultv2: '4',
        ...(request.phone ? { phone: request.phone } : {}),
      },
    };
    let response: Response;
    try {
      response = await fetch(`${base}/poll`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ schema: 'json', param: JSON.stringify(param) }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new TrackerUnavailableError(`tracker unreachable: ${messageOf(error)}`);
    }
    const text = await response.text();
    const answer = parseAnswer(text);
    if (!answer)
      throw new TrackerUnavailableError(`tracker answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    const { returnCode, message } = answer;
    if (answer.result || returnCode === '200' || returnCode === '501')
      return { kind: 'subscribed', returnCode };
    if (FINAL_REFUSALS.has(returnCode)) return { kind: 'rejected', returnCode, message };
    throw new TrackerUnavailableError(`tracker refused (${returnCode}): ${message}`, returnCode);
  }
}

function parseAnswer(text: string): { result: boolean; returnCode: string; message: string } | null {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') return null;
    const { result, returnCode, message } = value as Record<string, unknown>;
    if (typeof returnCode !== 'string' && typeof returnCode !== 'number') return null;
    return {
      result: result === true,
      returnCode: String(returnCode),
      message: typeof message === 'string' ? message : '',
    };
  } catch {
    return null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
