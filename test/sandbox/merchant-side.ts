import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The merchant's HTTP endpoint that a simulator delivers to (callback URL, notify_url …), on a free local port.
 * Subclasses record each request and decide the answer; the whole body has arrived when `respond` is called.
 */
export abstract class MerchantServer {
  private server?: Server;

  protected constructor(private readonly path: string) {}

  get url(): string {
    const port = (this.server?.address() as AddressInfo).port;
    return `http://127.0.0.1:${port}${this.path}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void this.respond(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  protected abstract respond(req: IncomingMessage, body: string, res: ServerResponse): void | Promise<void>;
}

export type Probe<T> = () => T | undefined | false | Promise<T | undefined | false>;

/** Polls `probe` every 20 ms until it gives something other than `undefined` or `false`. */
export async function waitFor<T>(probe: Probe<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
