import { generateKeyPairSync } from 'node:crypto';
import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WechatPayClient, WechatPayError } from '@tongdao/channels';
import { createMerchant, PayMerchant, Sandbox, startSandbox } from '../sandbox/wechatpay-client';

/** Every v3 answer is verified before it is read: the sandbox always signs correctly, so we break it on the way. */
describe('WechatPayClient refuses sandbox answers that do not verify', () => {
  let sandbox: Sandbox;
  let merchant: PayMerchant;
  let proxy: Server | undefined;
  const baseUrl = () => `http://127.0.0.1:${sandbox.port}`;
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected a WechatPayError');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(WechatPayError);
        const { status, code } = error as WechatPayError;
        return { status, code };
      },
    );
  async function prepay(client: WechatPayClient, outTradeNo: string): Promise<void> {
    await client.jsapiPrepay({
      description: '通道小店-测试T恤',
      outTradeNo,
      notifyUrl: 'http://127.0.0.1:9/pay/notify',
      totalFen: 5900,
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    });
  }

  beforeAll(async () => {
    sandbox = await startSandbox();
    merchant = await createMerchant(sandbox.http);
  });
  afterAll(async () => {
    proxy?.closeAllConnections();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await sandbox.close();
  });

  it('refuses every answer when we hold another platform key', async () => {
    await prepay(new WechatPayClient({ baseUrl: baseUrl(), ...merchant }), 'TD-VER-0001');
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stranger = new WechatPayClient({
      baseUrl: baseUrl(),
      ...merchant,
      platformPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    await expect(failure(stranger.queryByOutTradeNo('TD-VER-0001'))).resolves.toEqual({
      status: 200,
      code: 'RESPONSE_UNVERIFIED',
    });
    // Error answers are verified too, before their code is believed.
    await expect(failure(stranger.close('TD-VER-NONE'))).resolves.toEqual({
      status: 404,
      code: 'RESPONSE_UNVERIFIED',
    });
  });

  it('refuses an answer altered on the way (5900 → 5901) through a tampering proxy', async () => {
    const outTradeNo = 'TD-VER-0002';
    await prepay(new WechatPayClient({ baseUrl: baseUrl(), ...merchant }), outTradeNo);
    proxy = createServer((req, res) => {
      const upstream = request(
        { host: '127.0.0.1', port: sandbox.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8').replace('"total":5900', '"total":5901');
            const { 'content-length': _, ...headers } = answer.headers;
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(text);
          });
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
    const viaProxy = new WechatPayClient({
      ...merchant,
      baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    });
    await expect(failure(viaProxy.queryByOutTradeNo(outTradeNo))).resolves.toEqual({
      status: 200,
      code: 'RESPONSE_UNVERIFIED',
    });
    // Untouched answers pass through the same proxy.
    await viaProxy.close(outTradeNo);
  });
});
