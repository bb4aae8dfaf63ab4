/**
 * WeChat safe-mode callback benchmark: signed, AES-encrypted text pushes (each from its own follower, each a
 * new MsgId) sent to `POST /channels/wechat/:id` at BENCH_RATE requests/s (default 500) for BENCH_SECONDS
 * (default 20), open-loop (a request is sent on schedule whether or not earlier ones answered, as WeChat
 * does). Prints achieved throughput, p50/p95/p99/max latency and how many answered 200 inside 5 s.
 *
 *   npm run bench -- wechat-callbacks
 *
 * Tongdao runs in this process on MariaDB + Redis (the test harness) with jobs on, listening on a port;
 * the pushes are made here with our own crypto helpers from the PROTOCOLS vectors' rules.
 */
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WechatMessageCipher, wechatSignature } from '@tongdao/channels';
import { bearer, signupMerchant, startTestApp } from '@tongdao/testing';

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TOKEN = 'benchToken';
const APP_ID = 'wxbench0000000001';

async function main(): Promise<void> {
  // An api process: jobs (the processing after the answer) run in workers, not here.
  const t = await startTestApp({ env: { LOG_LEVEL: 'error', RUN_JOBS: 'off' } });
  try {
    await t.app.listen(0, '127.0.0.1');
    const port = t.app.getHttpServer().address() as AddressInfo;
    const m = await signupMerchant(t);
    const account = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({
        type: 'wechat',
        shopId: m.shopId,
        appId: APP_ID,
        appSecret: 'bench-app-secret',
        token: TOKEN,
        encodingAESKey: AES_KEY,
        apiBaseUrl: 'http://127.0.0.1:9',
      })
      .expect(201);
    const cipher = new WechatMessageCipher(AES_KEY, APP_ID);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const latencies: number[] = [];
    let ok = 0;
    let failed = 0;
    let sent = 0;
    const inFlight = new Set<Promise<void>>();

    const push = (n: number): Promise<void> => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(6).toString('hex');
      const xml =
        `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[o-bench-${n}]]></FromUserName>` +
        `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
        `<Content><![CDATA[hello ${n}]]></Content><MsgId>${7_000_000_000_000_000_000n + BigInt(n)}</MsgId></xml>`;
      const encrypted = cipher.encrypt(xml);
      const body = `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
      const query = new URLSearchParams({
        signature: wechatSignature(TOKEN, timestamp, nonce),
        timestamp,
        nonce,
        openid: `o-bench-${n}`,
        encrypt_type: 'aes',
        msg_signature: wechatSignature(TOKEN, timestamp, nonce, encrypted),
      });
      const started = performance.now();
      return new Promise<void>((resolve) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: port.port,
            method: 'POST',
            path: `/channels/wechat/${account.body.id}?${query.toString()}`,
            headers: { 'content-type': 'text/xml' },
            agent,
            timeout: 5000,
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              const ms = performance.now() - started;
              latencies.push(ms);
              if (res.statusCode === 200 && ms < 5000) ok += 1;
              else failed += 1;
              resolve();
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => {
          failed += 1;
          latencies.push(performance.now() - started);
          resolve();
        });
        req.end(body);
      });
    };

    // Warm the caches (account, rules) before measuring.
    await Promise.all(Array.from({ length: 20 }, (_, i) => push(-1 - i)));
    latencies.length = 0;
    ok = 0;
    failed = 0;

    const started = Date.now();
    const total = RATE * SECONDS;
    await new Promise<void>((done) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * RATE));
        while (sent < due) {
          const p = push(sent++);
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }
        if (sent >= total) {
          clearInterval(tick);
          done();
        }
      }, 5);
    });
    await Promise.all([...inFlight]);
    const seconds = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]);
    const stored: Array<{ n: string | number }> = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM wechat_inbound_messages WHERE channel_account_id = ?',
      [account.body.id],
    );
    console.log(
      JSON.stringify({
        targetRate: RATE,
        seconds: Number(seconds.toFixed(1)),
        requests: sent,
        achievedPerSecond: Math.round(sent / seconds),
        okWithin5s: ok,
        failedOrLate: failed,
        p50Ms: pct(50),
        p95Ms: pct(95),
        p99Ms: pct(99),
        maxMs: Math.round(latencies[latencies.length - 1]),
        storedMessages: Number(stored[0].n),
      }),
    );
    agent.destroy();
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
