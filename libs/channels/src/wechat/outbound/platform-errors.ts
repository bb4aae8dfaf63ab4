import { ConflictError, DomainError } from '@tongdao/kernel';
import { OUTSIDE_SERVICE_WINDOW, WechatApiError } from './wechat-api-error';

/** A WeChat refusal as the admin API answers it: the window rules as 409s, anything else as a 502 naming the code. */
export function toDomainError(error: unknown): unknown {
  if (!(error instanceof WechatApiError)) return error;
  if (error.errcode === OUTSIDE_SERVICE_WINDOW)
    return new ConflictError(
      'outside_service_window',
      'The customer has not written to the official account in the last 48 hours; WeChat refuses service messages',
    );
  if (error.errcode === 45047)
    return new ConflictError(
      'service_quota_exhausted',
      'The message quota of this service window is used up',
    );
  return new DomainError(
    502,
    'wechat_api_error',
    error.errcode === null
      ? `WeChat is unavailable: ${error.errmsg}`
      : `WeChat refused: ${error.errcode} ${error.errmsg}`,
  );
}
