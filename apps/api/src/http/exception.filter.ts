import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, TooManyRequestsError } from '@tongdao/kernel';
import { ErrorBody } from './error-body';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** Turns anything thrown into `{code, message, details, requestId}` with the right status. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request & { id?: string }>();
    const { status, body } = toErrorBody(exception, req.id ?? null);
    if (status >= 500) this.logger.error({ err: exception, requestId: req.id }, 'unhandled error');
    if (exception instanceof TooManyRequestsError)
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    res.status(status).json(body);
  }
}

export function toErrorBody(
  exception: unknown,
  requestId: string | null,
): { status: number; body: ErrorBody } {
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      body: { code: exception.code, message: exception.message, details: exception.details, requestId },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String(response.message)
        : exception.message;
    return {
      status,
      body: { code: STATUS_CODES[status] ?? `http_${status}`, message, details: [], requestId },
    };
  }
  const bodyParserError = exception as { type?: string; status?: number; message?: string };
  if (bodyParserError?.type === 'entity.too.large') {
    return {
      status: HttpStatus.PAYLOAD_TOO_LARGE,
      body: { code: 'payload_too_large', message: 'The request body is too large', details: [], requestId },
    };
  }
  if (bodyParserError?.type === 'entity.parse.failed') {
    return {
      status: HttpStatus.BAD_REQUEST,
      body: { code: 'malformed_json', message: 'The request body is not valid JSON', details: [], requestId },
    };
  }
  if (
    typeof bodyParserError?.status === 'number' &&
    bodyParserError.status >= 400 &&
    bodyParserError.status < 500
  ) {
    return {
      status: bodyParserError.status,
      body: {
        code: STATUS_CODES[bodyParserError.status] ?? 'bad_request',
        message: bodyParserError.message ?? 'Bad request',
        details: [],
        requestId,
      },
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { code: 'internal_error', message: 'Something went wrong on our side', details: [], requestId },
  };
}
