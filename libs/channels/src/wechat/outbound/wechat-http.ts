import { WechatApiError } from './wechat-api-error';

export type WechatJson = Record<string, unknown>;

export interface WechatRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

const TIMEOUT_MS = 10_000;

/**
 * One HTTP exchange with the WeChat API host. Errors come back as HTTP 200 `{errcode, errmsg}` and become a
 * WechatApiError; `msgid` is a bare 64-bit number in the JSON, so it is read as a string before parsing.
 */
export async function wechatRequest(baseUrl: string, request: WechatRequest): Promise<WechatJson> {
  const url = new URL(request.path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new WechatApiError(request.path, null, error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  if (!response.ok) throw new WechatApiError(request.path, null, `HTTP ${response.status}`, response.status);
  const json = parseExact(text);
  if (!json) throw new WechatApiError(request.path, null, 'not a JSON object', response.status);
  const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
  if (errcode !== 0)
    throw new WechatApiError(request.path, errcode, typeof json.errmsg === 'string' ? json.errmsg : '');
  return json;
}

/** JSON.parse with 64-bit ids (`msgid`, `msg_id`) kept as exact decimal strings. */
export function parseExact(text: string): WechatJson | null {
  const quoted = text.replace(/"(msgid|msg_id)"\s*:\s*(-?\d+)/g, '"$1":"$2"');
  try {
    const value: unknown = JSON.parse(quoted);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as WechatJson)
      : null;
  } catch {
    return null;
  }
}
