import type { Request } from 'express';
import { wechatErrors } from './errors';

/**
 * The JSON body of an API call. WeChat reads the raw body whatever the Content-Type says, so a body the
 * framework did not parse (text/plain, no type) is read here; an empty one is 44002, unparsable text 47001.
 */
export async function jsonBody(req: Request): Promise<Record<string, unknown>> {
  const parsed: unknown = req.body;
  if (isObject(parsed) && Object.keys(parsed).length > 0) return parsed;
  if (req.readableEnded || !req.readable) throw wechatErrors.emptyPostData();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) throw wechatErrors.emptyPostData();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw wechatErrors.dataFormat();
  }
  if (!isObject(value)) throw wechatErrors.dataFormat();
  return value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A query parameter as one string (the first when repeated). */
export function queryParam(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
