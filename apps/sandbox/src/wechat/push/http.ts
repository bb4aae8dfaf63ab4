import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  body: string;
}

export class NoAnswerError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

const MAX_BODY = 1024 * 1024;

/**
 * One request to the merchant's server. The whole answer (headers and body) must arrive within `timeoutMs`, else
 * the connection is cut — what WeChat does after 5 s. No keep-alive: every attempt is a fresh connection.
 */
export function callMerchant(
  url: string,
  method: 'GET' | 'POST',
  body: string | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string | number> = {
      'User-Agent': 'Mozilla/4.0',
      Accept: '*/*',
      Pragma: 'no-cache',
    };
    if (body !== undefined) {
      headers['Content-Type'] = 'text/xml';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = request(target, { method, headers, agent: false });
    let settled = false;
    const fail = (error: NoAnswerError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      req.destroy();
      reject(error);
    };
    const onAbort = () => fail(new NoAnswerError('sandbox shutting down', false));
    const timer = setTimeout(
      () => fail(new NoAnswerError(`no answer within ${timeoutMs} ms`, true)),
      timeoutMs,
    );
    signal.addEventListener('abort', onAbort);
    req.on('error', (error: NodeJS.ErrnoException) =>
      fail(new NoAnswerError(error.code ?? error.message, false)),
    );
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      res.on('error', (error: Error) => fail(new NoAnswerError(error.message, false)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(body);
  });
}
