/** A refusal in WeChat Pay's shape: HTTP status plus `{code, message}` (§2; codes from the v3 API reference). */
export class PayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    return this.detail
      ? { code: this.code, message: this.message, detail: this.detail }
      : { code: this.code, message: this.message };
  }
}

export const payErrors = {
  sign: (message: string): PayError => new PayError(401, 'SIGN_ERROR', message),
  param: (message: string, field?: string): PayError =>
    new PayError(400, 'PARAM_ERROR', message, field ? { field, location: 'body' } : undefined),
  invalidRequest: (message: string): PayError => new PayError(400, 'INVALID_REQUEST', message),
  mchNotExists: (): PayError => new PayError(400, 'MCH_NOT_EXISTS', '商户号不存在'),
  appidMismatch: (): PayError => new PayError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配'),
  outTradeNoUsed: (): PayError => new PayError(403, 'OUT_TRADE_NO_USED', '商户订单号重复'),
  orderPaid: (): PayError => new PayError(403, 'ORDERPAID', '该订单已支付'),
  orderClosed: (): PayError => new PayError(400, 'ORDER_CLOSED', '订单已关闭'),
  orderNotExist: (): PayError => new PayError(404, 'ORDER_NOT_EXIST', '订单不存在'),
  refundNotExist: (): PayError => new PayError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在'),
  resourceNotExists: (message: string): PayError => new PayError(404, 'RESOURCE_NOT_EXISTS', message),
  notEnough: (): PayError => new PayError(403, 'NOT_ENOUGH', '退款金额超过订单可退金额'),
};
