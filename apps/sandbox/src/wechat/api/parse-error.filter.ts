import { ArgumentsHost, BadRequestException, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { toWireJson } from '../wire/json';

const API_PATHS = /^\/(cgi-bin|sns)\//;

/**
 * The framework parses `application/json` bodies before any handler runs and answers broken JSON with its own
 * 400. WeChat answers it with errcode 47001, so for the WeChat API paths this filter does; every other 400 (the
 * control APIs', other simulators') goes to the default handling untouched.
 */
@Catch(BadRequestException)
export class WechatParseErrorFilter extends BaseExceptionFilter {
  override catch(exception: BadRequestException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    if (!API_PATHS.test(req.path ?? '')) return super.catch(exception, host);
    http
      .getResponse<Response>()
      .status(200)
      .set('Content-Type', 'application/json; encoding=utf-8')
      .send(Buffer.from(toWireJson({ errcode: 47001, errmsg: 'data format error' })));
  }
}
