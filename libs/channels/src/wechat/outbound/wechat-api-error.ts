/** Error codes after which a fresh access token may succeed (§1.6: WeChat answers any of the three for a stale one). */
export const STALE_TOKEN_CODES: ReadonlySet<number> = new Set([40001, 42001, 40014]);

/** 45015: no customer-service window open for this user (§1.8). */
export const OUTSIDE_SERVICE_WINDOW = 45015;

/**
 * A failed WeChat API call: the platform's `{errcode, errmsg}`, or (errcode null) a transport failure —
 * a non-2xx status, an HTML gateway page, a timeout.
 */
export class WechatApiError extends Error {
  constructor(
    readonly path: string,
    readonly errcode: number | null,
    readonly errmsg: string,
    readonly httpStatus: number | null = null,
  ) {
    super(
      errcode === null
        ? `WeChat ${path}: ${errmsg}`
        : `WeChat ${path} errcode ${errcode}: ${errmsg}`.slice(0, 500),
    );
    this.name = 'WechatApiError';
  }

  get staleToken(): boolean {
    return this.errcode !== null && STALE_TOKEN_CODES.has(this.errcode);
  }
}
