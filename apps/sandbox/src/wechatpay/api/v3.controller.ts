import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WechatpayStore } from '../state/store';
import { aesGcmEncrypt, rfc3339Gmt8 } from '../wire/crypto';
import { PayGateway } from './gateway';
import { Payments } from './payments';

/**
 * The merchant-facing v3 API (real host: https://api.mch.weixin.qq.com). Every route goes through the gateway:
 * Authorization checked over the exact bytes, answers signed by the platform key.
 */
@Controller('v3')
export class V3Controller {
  constructor(
    private readonly gateway: PayGateway,
    private readonly payments: Payments,
    private readonly store: WechatpayStore,
  ) {}

  @Post('pay/transactions/jsapi')
  jsapi(@Req() req: Request, @Res() res: Response): void {
    this.gateway.handle(req, res, ({ merchant, body }) => ({
      status: 200,
      body: this.payments.prepay(merchant, body),
    }));
  }

  @Get('pay/transactions/out-trade-no/:outTradeNo')
  query(
    @Req() req: Request,
    @Res() res: Response,
    @Param('outTradeNo') outTradeNo: string,
    @Query('mchid') mchid?: string,
  ): void {
    this.gateway.handle(req, res, ({ merchant }) => ({
      status: 200,
      body: this.payments.query(merchant, outTradeNo, typeof mchid === 'string' ? mchid : undefined),
    }));
  }

  @Post('pay/transactions/out-trade-no/:outTradeNo/close')
  @HttpCode(204)
  close(@Req() req: Request, @Res() res: Response, @Param('outTradeNo') outTradeNo: string): void {
    this.gateway.handle(req, res, ({ merchant, body }) => {
      this.payments.close(merchant, outTradeNo, body);
      return { status: 204 };
    });
  }

  @Post('refund/domestic/refunds')
  refund(@Req() req: Request, @Res() res: Response): void {
    this.gateway.handle(req, res, ({ merchant, body }) => ({
      status: 200,
      body: this.payments.refund(merchant, body),
    }));
  }

  @Get('refund/domestic/refunds/:outRefundNo')
  getRefund(@Req() req: Request, @Res() res: Response, @Param('outRefundNo') outRefundNo: string): void {
    this.gateway.handle(req, res, ({ merchant }) => ({
      status: 200,
      body: this.payments.getRefund(merchant, outRefundNo),
    }));
  }

  /**
   * The platform key list, each entry encrypted with the caller's APIv3 key as WeChat Pay encrypts certificates.
   * The sandbox cannot issue X.509 certificates with node:crypto alone, so the plaintext is the PEM public key
   * (SPKI) rather than a certificate; `serial_no` is what notifications carry in `Wechatpay-Serial`.
   */
  @Get('certificates')
  certificates(@Req() req: Request, @Res() res: Response): void {
    this.gateway.handle(req, res, ({ merchant }) => {
      const platform = this.store.platformKey();
      const nonce = this.store.rng.alnum(12);
      const now = Date.now();
      return {
        status: 200,
        body: {
          data: [
            {
              serial_no: platform.serial,
              effective_time: rfc3339Gmt8(now - 86400_000),
              expire_time: rfc3339Gmt8(now + 5 * 365 * 86400_000),
              encrypt_certificate: {
                algorithm: 'AEAD_AES_256_GCM',
                nonce,
                associated_data: 'certificate',
                ciphertext: aesGcmEncrypt(merchant.apiV3Key, nonce, 'certificate', platform.publicKeyPem),
              },
            },
          ],
        },
      };
    });
  }
}
