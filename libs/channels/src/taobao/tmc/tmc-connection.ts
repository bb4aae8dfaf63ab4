import { Logger } from '@nestjs/common';
import WebSocket, { RawData } from 'ws';
import { decodeFrame, encodeFrame, TmcFrame, TmcFrameType } from './tmc-codec';
import { backoffMs, TMC_CONNECTION_DEFAULTS, TmcConnectionOptions, Timers } from './tmc-timing';
import { connectFrame, confirmFrame, deliveryOf, failedFrame, pullFrame, TmcDelivery } from './tmc-protocol';

export interface TmcEndpoint {
  url: string;
  appKey: string;
  appSecret: string;
  group: string;
}

/** Resolves once the message is handled for good (then it is confirmed); rejects to have it redelivered. */
export type TmcHandler = (delivery: TmcDelivery) => Promise<void>;

export type TmcConnectionState = 'connecting' | 'connected' | 'waiting' | 'stopped';

export interface TmcConnectionStatus {
  state: TmcConnectionState;
  connects: number;
  confirmed: number;
  failed: number;
  lastError: string | null;
}

interface Received {
  delivery: TmcDelivery;
  /** Answers go back on the connection that delivered: after a reconnect the platform redelivers anyway. */
  socket: WebSocket;
  token: string;
}

/**
 * One TMC session for one app: CONNECT → CONNECTACK(token) → PullRequest now and every few seconds →
 * data messages handled a few at a time, each confirmed only after its handler resolved, or answered
 * Failed after a pause when it rejected. Any close, error, refusal or silence ends in a reconnect with
 * exponential backoff, until stop().
 */
export class TmcConnection {
  private socket: WebSocket | null = null;
  private token: string | null = null;
  private state: TmcConnectionState = 'waiting';
  private stopped = false;
  private reconnects = 0;
  private failuresInRow = 0;
  private lastHeard = 0;
  private pullTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Timers();
  private readonly waiting: Received[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counts = { connects: 0, confirmed: 0, failed: 0, lastError: null as string | null };

  constructor(
    private readonly endpoint: TmcEndpoint,
    private readonly handle: TmcHandler,
    private readonly logger: Logger,
    /** Merged into every log line (account id, app key). */
    private readonly logContext: Record<string, string>,
    private readonly options: TmcConnectionOptions = TMC_CONNECTION_DEFAULTS,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  status(): TmcConnectionStatus {
    return { state: this.state, ...this.counts };
  }

  /** Stops taking messages, lets those being handled finish and answer, then closes the socket. */
  async stop(drainMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.waiting.length = 0;
    if (this.inFlight.size > 0) {
      await Promise.race([Promise.allSettled([...this.inFlight]), delay(drainMs)]);
    }
    this.timers.clear();
    if (this.pullTimer) clearInterval(this.pullTimer);
    this.pullTimer = null;
    this.state = 'stopped';
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close(1000, 'consumer stopped');
      await Promise.race([closed, delay(1_000)]);
      socket.terminate();
    }
  }

  private open(): void {
    if (this.stopped) return;
    this.state = 'connecting';
    this.token = null;
    const socket = new WebSocket(this.endpoint.url, { handshakeTimeout: this.options.connectTimeoutMs });
    this.socket = socket;
    const ackTimer = this.timers.later(this.options.connectTimeoutMs, () => {
      if (this.socket !== socket || this.token) return;
      this.note('no CONNECTACK in time');
      socket.terminate();
    });
    socket.on('open', () => {
      this.write(
        socket,
        connectFrame(this.endpoint.appKey, this.endpoint.appSecret, this.endpoint.group, new Date()),
      );
    });
    socket.on('message', (data: RawData) => this.onData(socket, data, ackTimer));
    socket.on('pong', () => {
      this.lastHeard = Date.now();
    });
    socket.on('error', (error: Error) => this.note(error.message));
    socket.on('close', (code: number, reason: Buffer) => this.onClose(socket, code, reason.toString()));
  }

  private onData(socket: WebSocket, data: RawData, ackTimer: NodeJS.Timeout): void {
    if (socket !== this.socket) return;
    let frame: TmcFrame;
    try {
      frame = decodeFrame(toBuffer(data));
    } catch (error) {
      this.logger.warn({ ...this.logContext, err: String(error) }, 'TMC frame unreadable; ignored');
      return;
    }
    this.lastHeard = Date.now();
    if (frame.type === TmcFrameType.ConnectAck) return this.onConnectAck(socket, frame, ackTimer);
    if (frame.type === TmcFrameType.SendAck && frame.statusCode) {
      // The server refused something we sent (an unknown token): start a fresh session.
      this.note(`server answered ${frame.statusCode} ${frame.statusPhrase ?? ''}`.trim());
      socket.close(1000, 'refused');
      return;
    }
    const delivery = this.token ? deliveryOf(frame) : null;
    if (delivery && this.token) {
      this.waiting.push({ delivery, socket, token: this.token });
      this.pump();
    }
  }

  private onConnectAck(socket: WebSocket, frame: TmcFrame, ackTimer: NodeJS.Timeout): void {
    this.timers.forget(ackTimer);
    if (frame.statusCode || !frame.token) {
      const refusal = `CONNECT refused: ${frame.statusCode ?? 0} ${frame.statusPhrase ?? 'no token'}`;
      this.counts.lastError = refusal;
      this.logger.warn(
        {
          ...this.logContext,
          statusCode: frame.statusCode ?? null,
          statusPhrase: frame.statusPhrase ?? null,
        },
        'TMC refused the connection; backing off',
      );
      socket.close(1000, 'refused');
      return;
    }
    this.token = frame.token;
    this.state = 'connected';
    this.reconnects = 0;
    this.counts.connects += 1;
    this.lastHeard = Date.now();
    this.logger.log(
      { ...this.logContext, url: this.endpoint.url, group: this.endpoint.group },
      'TMC connected',
    );
    this.write(socket, pullFrame(frame.token));
    this.pullTimer = setInterval(() => this.tick(socket), this.options.pullIntervalMs);
    this.pullTimer.unref();
  }

  private tick(socket: WebSocket): void {
    if (socket !== this.socket || !this.token) return;
    if (Date.now() - this.lastHeard > this.options.idleTimeoutMs) {
      this.note('no answer from the server');
      socket.terminate();
      return;
    }
    socket.ping();
    this.write(socket, pullFrame(this.token));
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.token = null;
    if (this.pullTimer) clearInterval(this.pullTimer);
    this.pullTimer = null;
    if (this.stopped) return;
    const wait = backoffMs(this.options, this.reconnects++);
    this.state = 'waiting';
    this.logger.warn(
      { ...this.logContext, code, reason: reason || null, lastError: this.counts.lastError, retryInMs: wait },
      'TMC disconnected; reconnecting',
    );
    this.timers.later(wait, () => this.open());
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.options.concurrency && this.waiting.length > 0) {
      const received = this.waiting.shift()!;
      const run: Promise<void> = this.process(received).finally(() => {
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
  }

  private async process({ delivery, socket, token }: Received): Promise<void> {
    try {
      await this.handle(delivery);
    } catch (error) {
      this.counts.failed += 1;
      const wait = backoffMs(this.options, this.failuresInRow++);
      const reason = error instanceof Error ? error.message : String(error);
      this.counts.lastError = reason;
      this.logger.warn(
        {
          ...this.logContext,
          messageId: delivery.id,
          topic: delivery.topic,
          retried: delivery.retried,
          err: reason,
          failedInMs: wait,
        },
        'TMC message not handled; it will be redelivered',
      );
      // The pause keeps a failing gateway or database from being hammered by instant redeliveries.
      this.timers.later(wait, () => this.write(socket, failedFrame(token, delivery.id, reason)));
      return;
    }
    this.failuresInRow = 0;
    if (this.write(socket, confirmFrame(token, delivery.id))) this.counts.confirmed += 1;
  }

  private write(socket: WebSocket, frame: TmcFrame): boolean {
    if (socket.readyState !== WebSocket.OPEN) return false;
    socket.send(encodeFrame(frame), { binary: true }, (error) => {
      if (error) this.note(error.message);
    });
    return true;
  }

  private note(error: string): void {
    this.counts.lastError = error;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
