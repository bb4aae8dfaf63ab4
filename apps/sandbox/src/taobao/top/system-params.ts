import { SandboxApp, Session } from '../state/model';
import { TaobaoStore } from '../state/store';
import { parseGmt8 } from '../wire/gmt8';
import { ResponseFormat } from '../wire/render';
import { topErrors } from './errors';
import { SIGN_METHODS, SignMethod, verifyTopSign } from './signing';

const TIMESTAMP_TOLERANCE_MS = 10 * 60 * 1000;

/** Response shape, readable before anything else is checked so that every error can be rendered. */
export function responseShape(params: Record<string, string>): { format: ResponseFormat; simplify: boolean } {
  const format = params.format === 'json' ? 'json' : 'xml';
  return { format, simplify: format === 'json' && params.simplify === 'true' };
}

/**
 * The gateway's own checks (PROTOCOLS §3.2–3.3), in the order a caller meets them: what is missing, then what
 * is malformed, then the signature. Throws a TopError; returns the calling app.
 */
export function checkSystemParams(
  params: Record<string, string>,
  store: TaobaoStore,
  now: number,
): SandboxApp {
  if (!params.method) throw topErrors.missingMethod();
  if (params.format !== undefined && params.format !== 'json' && params.format !== 'xml') {
    throw topErrors.invalidFormat();
  }
  if (!params.app_key) throw topErrors.missingAppKey();
  const app = store.apps.get(params.app_key);
  if (!app) throw topErrors.invalidAppKey();
  if (!params.sign) throw topErrors.missingSignature();
  if (!params.sign_method) throw topErrors.missingParam('sign_method');
  if (!SIGN_METHODS.includes(params.sign_method as SignMethod)) {
    throw topErrors.invalidParam('sign_method', 'sign_method must be md5, hmac or hmac-sha256');
  }
  if (!params.timestamp) throw topErrors.missingTimestamp();
  const timestamp = parseGmt8(params.timestamp);
  if (timestamp === null) throw topErrors.invalidTimestamp('timestamp must be yyyy-MM-dd HH:mm:ss in GMT+8');
  if (Math.abs(now - timestamp) > TIMESTAMP_TOLERANCE_MS) {
    throw topErrors.invalidTimestamp('timestamp is more than 10 minutes away from the server time');
  }
  if (!params.v) throw topErrors.missingVersion();
  if (params.v !== '2.0') throw topErrors.invalidVersion();
  if (!verifyTopSign(params, app.appSecret, params.sign_method as SignMethod, params.sign)) {
    throw topErrors.invalidSignature();
  }
  return app;
}

/** The seller's authorisation: present, issued to this app, not expired (nor forced expired by a switch). */
export function checkSession(
  params: Record<string, string>,
  app: SandboxApp,
  store: TaobaoStore,
  now: number,
): Session {
  if (!params.session) throw topErrors.missingSession();
  const session = store.sessions.get(params.session);
  if (!session || session.appKey !== app.appKey) throw topErrors.invalidSession(false);
  if (session.expiresAt <= now || store.misbehaviourOf(app.appKey).config.sessionExpired) {
    throw topErrors.invalidSession(true);
  }
  return session;
}
