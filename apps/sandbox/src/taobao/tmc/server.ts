import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { TaobaoStore } from '../state/store';
import { signatureMatches, tmcConnectSign } from '../top/signing';
import {
  decodeFrame,
  encodeFrame,
  fieldOf,
  KIND_FIELD,
  MessageKind,
  MessageType,
  textField,
  tmc,
  TmcFrame,
  TmcValue,
} from './codec';
import { TmcConsumer, TmcHub, TmcMessage } from './hub';

export const TMC_PATH = '/tmc';
const TIMESTAMP_TOLERANCE_MS = 10 * 60 * 1000;
const OUTTIME_MS = 3 * 24 * 3600 * 1000;
const PROTOCOL_VERSION = 2;

interface Connection {
  socket: WebSocket;
  consumer?: TmcConsumer & { token: string };
}

/** The TMC endpoint: WebSocket on the sandbox's HTTP server at /tmc, speaking the binary frames of §3.11. */
@Injectable()
export class TmcServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private server?: Server;
  private nextConsumer = 0;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    // Other simulators may serve their own upgrade paths on the same server.
    if (path !== TMC_PATH) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly store: TaobaoStore,
    private readonly hub: TmcHub,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.onUpgrade);
    for (const connection of this.connections) connection.socket.terminate();
    this.wss.close();
  }

  private accept(socket: WebSocket): void {
    const connection: Connection = { socket };
    this.connections.add(connection);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) this.onFrame(connection, toBuffer(data));
    });
    socket.on('close', () => {
      this.connections.delete(connection);
      if (connection.consumer) this.hub.unregister(connection.consumer);
    });
    socket.on('error', () => socket.terminate());
  }

  private onFrame(connection: Connection, data: Buffer): void {
    let frame: TmcFrame;
    try {
      frame = decodeFrame(data);
    } catch {
      connection.socket.close(1002, 'malformed frame');
      return;
    }
    if (frame.messageType === MessageType.CONNECT) return this.onConnect(connection, frame);
    const consumer = connection.consumer;
    if (!consumer || frame.token !== consumer.token) {
      this.send(connection.socket, {
        messageType: MessageType.SENDACK,
        statusCode: 401,
        statusPhrase: 'invalid token',
      });
      return;
    }
    const kind = Number(fieldOf(frame, KIND_FIELD) ?? MessageKind.None);
    const id = textField(frame, 'id');
    if (frame.messageType === MessageType.SEND && kind === MessageKind.PullRequest) this.hub.pull(consumer);
    else if (frame.messageType === MessageType.SEND && kind === MessageKind.Confirm && id) {
      this.hub.confirm(consumer.appKey, consumer.group, [id]);
    } else if (kind === MessageKind.Failed && id) this.hub.fail(consumer.appKey, consumer.group, id);
  }

  /** CONNECT: app_key known, timestamp (ms) within ±10 min, md5 sign over app_key/group_name/timestamp. */
  private onConnect(connection: Connection, frame: TmcFrame): void {
    const appKey = textField(frame, 'app_key');
    const group = textField(frame, 'group_name') ?? 'default';
    const timestamp = textField(frame, 'timestamp');
    const sign = textField(frame, 'sign');
    const app = appKey ? this.store.apps.get(appKey) : undefined;
    let refusal: [number, string] | null = null;
    if (connection.consumer) refusal = [400, 'already connected'];
    else if (!app || !appKey) refusal = [401, 'invalid app_key'];
    else if (!timestamp || !/^\d+$/.test(timestamp)) refusal = [400, 'missing or invalid timestamp'];
    else if (Math.abs(this.store.now() - Number(timestamp)) > TIMESTAMP_TOLERANCE_MS) {
      refusal = [400, 'timestamp out of range'];
    } else if (!sign || !signatureMatches(tmcConnectSign(appKey, group, timestamp, app.appSecret), sign)) {
      refusal = [401, 'invalid sign'];
    }
    if (refusal || !app) {
      const [statusCode, statusPhrase] = refusal ?? [401, 'invalid app_key'];
      this.send(connection.socket, { messageType: MessageType.CONNECTACK, statusCode, statusPhrase });
      connection.socket.close(1000, statusPhrase);
      return;
    }
    this.nextConsumer += 1;
    const socket = connection.socket;
    const consumer = {
      id: `ws:${this.nextConsumer}`,
      appKey: app.appKey,
      group,
      active: false,
      token: randomBytes(16).toString('hex'),
      deliver: (messages: TmcMessage[]) => {
        for (const message of messages) this.send(socket, dataFrame(message));
      },
    };
    connection.consumer = consumer;
    this.hub.register(consumer);
    this.send(socket, { messageType: MessageType.CONNECTACK, token: consumer.token });
  }

  private send(
    socket: WebSocket,
    frame: Omit<TmcFrame, 'protocolVersion' | 'content'> & Partial<TmcFrame>,
  ): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(encodeFrame({ protocolVersion: PROTOCOL_VERSION, content: [], ...frame }), { binary: true });
  }
}

function dataFrame(message: TmcMessage): Omit<TmcFrame, 'protocolVersion'> {
  const content: Array<[string, TmcValue]> = [
    [KIND_FIELD, tmc.byte(MessageKind.Data)],
    ['id', tmc.int64(message.id)],
    ['topic', tmc.str(message.topic)],
    ['content', tmc.str(message.content)],
    ['time', tmc.date(new Date(message.pubTime))],
    ['userid', tmc.int64(message.userId)],
    ['nick', tmc.str(message.nick)],
    ['dataid', tmc.int64(message.dataId)],
    ['outtime', tmc.date(new Date(message.pubTime + OUTTIME_MS))],
    ['publisher', tmc.str('12497914')],
    ['retried', tmc.int32(message.retried)],
  ];
  return { messageType: MessageType.SEND, content };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
