/** A call-level refusal: the envelope's non-zero `code` and its message (the table is in apps/sandbox/README.md). */
export class ErpError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    /** Short word for the call log. */
    readonly outcome: string,
  ) {
    super(msg);
  }
}

export const erpErrors = {
  badSign: (): ErpError => new ErpError(100, '签名错误', 'bad-sign'),
  unknownApp: (): ErpError => new ErpError(101, 'app_key不存在', 'unknown-app'),
  badToken: (): ErpError => new ErpError(102, 'access_token无效或已过期', 'bad-token'),
  badTimestamp: (): ErpError => new ErpError(103, 'timestamp无效', 'bad-timestamp'),
  commonParam: (name: string): ErpError => new ErpError(104, `公共参数错误: ${name}`, 'bad-common-param'),
  badRefreshToken: (): ErpError => new ErpError(105, 'refresh_token无效', 'bad-refresh-token'),
  biz: (detail: string): ErpError => new ErpError(160, `业务参数错误: ${detail}`, 'bad-biz'),
  tooFrequent: (): ErpError => new ErpError(199, '接口调用太频繁,请稍后再试', 'throttled-199'),
  overQuota: (): ErpError => new ErpError(200, '超出接口调用上限', 'throttled-200'),
  unknown: (): ErpError => new ErpError(500, '系统繁忙,请稍后再试', 'unknown-error'),
};
