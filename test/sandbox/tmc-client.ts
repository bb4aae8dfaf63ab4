import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import {
  decodeFrame,
  encodeFrame,
  fieldOf,
  MessageKind,
  MessageType,
  tmc,
  TmcFrame,
} from '../../apps/sandbox/src/taobao/tmc/codec';

export interface Delivered {
  id: bigint;
  topic: string;
  content: Record<string, unknown>;
  contentText: string;
  retried: number;
}

/** A minimal TMC consumer, as the official SDKs behave: CONNECT, pull, confirm or fail. */
export class TmcTestClient {
  readonly delivered: Delivered[] = [];
  token?: string;
  ack?: TmcFrame;
  private socket!: WebSocket;
  private waiters: Array<() => void> = [];

  static async connect(
    port: number,
    appKey: string,
    secret: string,
    options: { group?: string; timestamp?: string; badSign?: boolean } = {},
  ): Promise<TmcTestClient> {
    const client = new TmcTestClient();
    await client.open(port, appKey, secret, options);
    return client;
  }

  private async open(
    port: number,
    appKey: string,
    secret: string,
    options: { group?: string; timestamp?: string; badSign?: boolean },
  ): Promise<void> {
    this.socket = new WebSocket(`ws://127.0.0.1:${port}/tmc`);
    const acked = new Promise<TmcFrame>((resolve, reject) => {
      this.socket.on('message', (data: Buffer) => {
        const frame = decodeFrame(data);
        if (frame.messageType === MessageType.CONNECTACK) resolve(frame);
        else this.onFrame(frame);
      });
      this.socket.on('error', reject);
    });
    await new Promise((resolve) => this.socket.once('open', resolve));
    const group = options.group ?? 'default';
    const timestamp = options.timestamp ?? String(Date.now());
    const signed = `${secret}app_key${appKey}group_name${group}timestamp${timestamp}${secret}`;
    const sign = createHash('md5').update(signed).digest('hex').toUpperCase();
    this.send({
      messageType: MessageType.CONNECT,
      content: [
        ['app_key', tmc.str(appKey)],
        ['group_name', tmc.str(group)],
        ['timestamp', tmc.str(timestamp)],
        ['sign', tmc.str(options.badSign ? `${sign[0] === '0' ? '1' : '0'}${sign.slice(1)}` : sign)],
        ['sdk', tmc.str('tongdao-test')],
      ],
    });
    this.ack = await acked;
    this.token = this.ack.token ?? undefined;
  }

  get closed(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  pull(): void {
    this.send({
      messageType: MessageType.SEND,
      token: this.token,
      content: [['__kind', tmc.byte(MessageKind.PullRequest)]],
    });
  }

  confirm(id: bigint): void {
    this.send({
      messageType: MessageType.SEND,
      token: this.token,
      content: [
        ['__kind', tmc.byte(MessageKind.Confirm)],
        ['id', tmc.int64(id)],
      ],
    });
  }

  fail(id: bigint): void {
    this.send({
      messageType: MessageType.SENDACK,
      token: this.token,
      content: [
        ['__kind', tmc.byte(MessageKind.Failed)],
        ['id', tmc.int64(id)],
        ['msg', tmc.str('could not handle')],
      ],
    });
  }

  /** Resolves once `count` frames in total have been delivered, or rejects after `ms`. */
  async waitFor(count: number, ms = 3000): Promise<Delivered[]> {
    const deadline = Date.now() + ms;
    while (this.delivered.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} deliveries, got ${this.delivered.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.delivered;
  }

  close(): void {
    this.socket.close();
  }

  private onFrame(frame: TmcFrame): void {
    if (frame.messageType !== MessageType.SEND || fieldOf(frame, '__kind') !== MessageKind.Data) return;
    const contentText = String(fieldOf(frame, 'content'));
    this.delivered.push({
      id: fieldOf(frame, 'id') as bigint,
      topic: String(fieldOf(frame, 'topic')),
      content: JSON.parse(contentText) as Record<string, unknown>,
      contentText,
      retried: Number(fieldOf(frame, 'retried')),
    });
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private send(frame: Omit<TmcFrame, 'protocolVersion'>): void {
    this.socket.send(encodeFrame({ protocolVersion: 2, ...frame }));
  }
}
