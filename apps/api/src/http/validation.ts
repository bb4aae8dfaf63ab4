import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, ValidationFailedError } from '@tongdao/kernel';

/**
 * Global input validation: unknown fields are refused (not silently dropped), types are checked, and every
 * failure becomes `validation_failed` with one detail per offending field.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors: ValidationError[]) =>
        new ValidationFailedError('validation_failed', 'Some fields are invalid', flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = typeof metadata.metatype === 'function' && !isPrimitiveType(metadata.metatype);
    if (
      metadata.type === 'body' &&
      isDto &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw new ValidationFailedError('invalid_body', 'The request body must be a JSON object', [
        { field: '(body)', problem: 'expected a JSON object' },
      ]);
    }
    return super.transform(value, metadata);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function isPrimitiveType(type: Function): boolean {
  return [String, Boolean, Number, Array, Object].includes(type as never);
}

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      problem: rule === 'whitelistValidation' ? 'unknown field' : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
