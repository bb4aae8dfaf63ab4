import { IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface OutboundAnswer {
  status: number;
  body: string;
}

export interface OutboundRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Sent as given; Content-Length is added here when there is a body. */
  headers: Record<string, string>;
  body?: string;
  /** The whole answer (headers and body) must arrive within this, else the connection is cut. */
  timeoutMs: number;
  /** Aborted when the sandbox shuts down: the attempt ends at once. */
  signal: AbortSignal;
  /** Bytes of the answer's body kept; the rest is read and dropped so the merchant's server is not stalled. */
  maxBodyBytes: number;
}

/**
 * One delivery from a simulated platform to the merchant's server, the way the platforms do it: a fresh
 * connection every attempt (no keep-alive) and a hard deadline on the whole answer. Rejects with an Error whose
 * message says why there was no answer (the deadline, the shutdown, or the socket error's code).
 */
export function sendOutbound(request: OutboundRequest): Promise<OutboundAnswer> {
  const { body, timeoutMs, signal } = request;
  return new Promise((resolve, reject) => {
    const target = new URL(request.url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const req = send(target, { method: request.method, headers, agent: false });
    let settled = false;
    const finish = (error: Error | null, answer?: OutboundAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(answer as OutboundAnswer);
    };
    const onAbort = () => finish(new Error('sandbox shutting down'));
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    signal.addEventListener('abort', onAbort);
    req.on('error', (error: NodeJS.ErrnoException) => finish(new Error(error.code ?? error.message)));
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= request.maxBodyBytes) chunks.push(chunk);
      });
      res.on('error', (error: Error) => finish(error));
      res.on('end', () =>
        finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.end(body);
  });
}
