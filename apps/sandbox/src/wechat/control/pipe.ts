import { ValidationPipe } from '@nestjs/common';

/** Control API input: declared fields only, types converted, anything unknown refused with 400. */
export const controlPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
});
