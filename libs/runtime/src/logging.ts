import type { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { newId } from '@tongdao/kernel';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** A caller's X-Request-Id is kept when it is sane, otherwise we mint one; either way it is echoed back. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  const id = given && REQUEST_ID_PATTERN.test(given) ? given : newId();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Structured JSON logs: every line carries the request id, and the tenant and actor once known. */
export function loggerParams(config: AppConfig, role: string): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service: `tongdao-${role}` },
      // The request-context middleware has usually minted the id already; reuse it.
      genReqId: (req, res) => (req as IncomingMessage & { id?: string }).id ?? requestIdFor(req, res),
      // The access guard adds merchantId and staffId to this request's logger once the token is resolved.
      customProps: (req) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
    },
  };
}
