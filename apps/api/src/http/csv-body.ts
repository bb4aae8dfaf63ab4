import { DomainError } from '@tongdao/kernel';

/** The CSV upload routes take the file as the raw body; anything but text/csv is refused with 415. */
export function csvBody(body: unknown): string {
  if (typeof body !== 'string') {
    throw new DomainError(
      415,
      'unsupported_media_type',
      'Send the file as the body with Content-Type: text/csv',
      [{ field: '(body)', problem: 'expected text/csv' }],
    );
  }
  return body;
}
