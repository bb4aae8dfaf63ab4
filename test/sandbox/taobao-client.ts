import { createHash, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { createSandboxApp } from '../../apps/sandbox/src/bootstrap';

/**
 * A test-side TOP client written from the spec (not the sandbox's own signing code), so that a signature bug in
 * the sandbox cannot hide behind the same bug here.
 */
export interface Shop {
  appKey: string;
  appSecret: string;
  sessionKey: string;
  sellerNick: string;
  items: Array<{
    numIid: string;
    outerId: string;
    quantity: number;
    skus: Array<{ skuId: string; outerId: string; quantity: number }>;
  }>;
}

export interface Sandbox {
  app: INestApplication;
  http: ReturnType<typeof supertest>;
  port: number;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const app = await createSandboxApp();
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as import('node:http').Server;
  const port = (server.address() as AddressInfo).port;
  return { app, http: supertest(server), port, close: () => app.close() };
}

export async function createShop(http: Sandbox['http'], body: Record<string, unknown> = {}): Promise<Shop> {
  const res = await http.post('/_sandbox/taobao/apps').send(body).expect(201);
  return res.body as Shop;
}

export function gmt8(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function sign(params: Record<string, string>, secret: string, method: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => k + params[k])
    .join('');
  if (method === 'md5')
    return createHash('md5')
      .update(secret + base + secret)
      .digest('hex')
      .toUpperCase();
  const algo = method === 'hmac' ? 'md5' : 'sha256';
  return createHmac(algo, secret).update(base).digest('hex').toUpperCase();
}

export interface CallOptions {
  signMethod?: string;
  timestamp?: string;
  /** false leaves the session out. */
  session?: boolean | string;
  secret?: string;
  format?: string | null;
  extra?: Record<string, string>;
}

export function signedParams(
  shop: Shop,
  method: string,
  params: Record<string, string>,
  options: CallOptions = {},
): Record<string, string> {
  const all: Record<string, string> = {
    method,
    app_key: shop.appKey,
    timestamp: options.timestamp ?? gmt8(Date.now()),
    v: '2.0',
    sign_method: options.signMethod ?? 'md5',
    ...params,
    ...options.extra,
  };
  if (options.format !== null) all.format = options.format ?? 'json';
  if (options.session !== false)
    all.session = typeof options.session === 'string' ? options.session : shop.sessionKey;
  all.sign = sign(all, options.secret ?? shop.appSecret, all.sign_method);
  return all;
}

/** POSTs a signed form; resolves to the supertest response (body parsed as JSON when json). */
export function top(
  http: Sandbox['http'],
  shop: Shop,
  method: string,
  params: Record<string, string> = {},
  options: CallOptions = {},
): supertest.Test {
  return http
    .post('/router/rest')
    .type('form')
    .send(signedParams(shop, method, params, options));
}

/** The error_response of a JSON reply, or undefined. */
export function topError(body: unknown): { code: number; msg: string; sub_code?: string } | undefined {
  return (body as { error_response?: { code: number; msg: string; sub_code?: string } }).error_response;
}

/** Exact 64-bit ids from the raw JSON text (JSON.parse would round them). */
export function rawIds(text: string, name: string): string[] {
  return [...text.matchAll(new RegExp(`"${name}":(\\d+)`, 'g'))].map((m) => m[1]);
}
