import { IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface CallbackAnswer {
  status: number;
  body: string;
}

const MAX_BODY = 64 * 1024;

/** One form POST to a callbackurl on a fresh connection; the whole answer must arrive within `timeoutMs`. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<CallbackAnswer> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
        'Content-Length': String(Buffer.byteLength(body)),
      },
    });
    let settled = false;
    const finish = (error: Error | null, answer?: CallbackAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(answer as CallbackAnswer);
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
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      res.on('error', (error: Error) => finish(error));
      res.on('end', () =>
        finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.end(body);
  });
}
