import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeFrame, encodeFrame, fieldInt, fieldText, TmcFrame, TmcFrameType, tmcValue } from './tmc-codec';
import { TmcConnection } from './tmc-connection';
import { TmcConnectionOptions } from './tmc-timing';
import { TmcDelivery } from './tmc-protocol';

/** A scripted TMC server: records what clients send and answers CONNECT as told. */
class FakeTmc {
  readonly wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  readonly received: TmcFrame[] = [];
  readonly sockets: WebSocket[] = [];
  connects = 0;
  refuse = false;

  constructor() {
    this.wss.on('connection', (socket) => {
      this.sockets.push(socket);
      socket.on('message', (data: Buffer) => {
        const frame = decodeFrame(data);
        this.received.push(frame);
        if (frame.type !== TmcFrameType.Connect) return;
        this.connects += 1;
        const ack: TmcFrame = this.refuse
          ? { version: 2, type: 1, statusCode: 401, statusPhrase: 'invalid sign', fields: [] }
          : { version: 2, type: 1, token: `tok${this.connects}`, fields: [] };
        socket.send(encodeFrame(ack));
      });
    });
  }

  listening(): Promise<void> {
    return new Promise((resolve) => this.wss.once('listening', () => resolve()));
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/`;
  }

  push(id: bigint, topic = 'taobao_trade_TradeCreate'): void {
    const frame: TmcFrame = {
      version: 2,
      type: TmcFrameType.Send,
      fields: [
        { name: '__kind', value: tmcValue.byte(3) },
        { name: 'id', value: tmcValue.int64(id) },
        { name: 'topic', value: tmcValue.string(topic) },
        { name: 'content', value: tmcValue.string('{"tid":1}') },
      ],
    };
    for (const s of this.sockets) if (s.readyState === WebSocket.OPEN) s.send(encodeFrame(frame));
  }

  sent(kind: number): TmcFrame[] {
    return this.received.filter((f) => fieldInt(f, '__kind') === kind);
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

const FAST: TmcConnectionOptions = {
  pullIntervalMs: 50,
  connectTimeoutMs: 1_000,
  idleTimeoutMs: 5_000,
  minBackoffMs: 20,
  maxBackoffMs: 80,
  concurrency: 2,
};

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('TmcConnection against a scripted server', () => {
  let server: FakeTmc;
  let connection: TmcConnection | null = null;
  const logger = new Logger('test');
  const logs: string[] = [];

  beforeAll(() => {
    jest.spyOn(logger, 'log').mockImplementation((_: unknown, msg?: unknown) => void logs.push(String(msg)));
    jest.spyOn(logger, 'warn').mockImplementation((_: unknown, msg?: unknown) => void logs.push(String(msg)));
  });
  beforeEach(async () => {
    server = new FakeTmc();
    await server.listening();
    logs.length = 0;
  });
  afterEach(async () => {
    await connection?.stop(100);
    connection = null;
    await server.close();
  });

  function connect(handler: (d: TmcDelivery) => Promise<void>): TmcConnection {
    const endpoint = { url: server.url, appKey: 'k', appSecret: 's', group: 'default' };
    connection = new TmcConnection(endpoint, handler, logger, { channelAccountId: 'a1' }, FAST);
    connection.start();
    return connection;
  }

  it('pulls at once after CONNECTACK and then on its cadence', async () => {
    const c = connect(async () => undefined);
    await until(() => server.sent(1).length >= 3, 'three pull requests');
    expect(server.sent(1).every((f) => f.token === 'tok1')).toBe(true);
    expect(c.status()).toMatchObject({ state: 'connected', connects: 1 });
    expect(logs).toContain('TMC connected');
  });

  it('confirms a message only after its handler resolved, with the exact id', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    connect(() => gate);
    await until(() => server.sent(1).length > 0, 'a pull');
    server.push(9_007_199_254_740_993n);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.sent(2)).toHaveLength(0);
    release();
    await until(() => server.sent(2).length === 1, 'the confirm');
    expect(fieldText(server.sent(2)[0], 'id')).toBe('9007199254740993');
  });

  it('answers Failed (never Confirm) when the handler rejects', async () => {
    connect(async () => {
      throw new Error('gateway 502');
    });
    await until(() => server.sent(1).length > 0, 'a pull');
    server.push(77n);
    await until(() => server.sent(20).length === 1, 'the failed answer');
    const failed = server.sent(20)[0];
    expect(failed.type).toBe(TmcFrameType.SendAck);
    expect([fieldText(failed, 'id'), fieldText(failed, 'msg')]).toEqual(['77', 'gateway 502']);
    expect(server.sent(2)).toHaveLength(0);
  });

  it('backs off after a refused CONNECT and gets in once the server accepts', async () => {
    server.refuse = true;
    const c = connect(async () => undefined);
    await until(() => server.connects >= 3, 'three refused attempts');
    expect(logs).toContain('TMC refused the connection; backing off');
    expect(c.status().lastError).toMatch(/401 invalid sign/);
    server.refuse = false;
    await until(() => c.status().state === 'connected', 'a connection');
  });

  it('reconnects after the server drops the socket', async () => {
    const c = connect(async () => undefined);
    await until(() => c.status().connects === 1, 'first connection');
    server.sockets[0].terminate();
    await until(() => c.status().connects === 2, 'second connection');
    expect(logs).toContain('TMC disconnected; reconnecting');
    expect(server.sent(1).some((f) => f.token === 'tok2')).toBe(true);
  });

  it('stop() lets a message being handled finish and confirm before closing', async () => {
    let started = false;
    const c = connect(() => {
      started = true;
      return new Promise<void>((resolve) => setTimeout(resolve, 150));
    });
    await until(() => server.sent(1).length > 0, 'a pull');
    server.push(5n);
    await until(() => started, 'the handler to start');
    await c.stop();
    expect(server.sent(2).map((f) => fieldText(f, 'id'))).toEqual(['5']);
    expect(c.status().state).toBe('stopped');
    const connects = server.connects;
    await new Promise((r) => setTimeout(r, 150));
    expect(server.connects).toBe(connects);
  });
});
