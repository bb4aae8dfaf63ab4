/**
 * Domain errors carry an HTTP status and a stable machine-readable code; the API's exception filter turns
 * them into `{code, message, details}`. Services throw these, never HttpExceptions, so they stay usable from
 * workers and the CLI.
 */
export interface ErrorDetail {
  field: string;
  problem: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(code: string, message: string, details: ErrorDetail[] = []) {
    super(400, code, message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code = 'unauthenticated', message = 'A valid access token is required') {
    super(401, code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(
    code = 'forbidden',
    message = 'You do not have permission to do this',
    details: ErrorDetail[] = [],
  ) {
    super(403, code, message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id?: string) {
    super(404, 'not_found', id ? `${entity} ${id} was not found` : `${entity} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details: ErrorDetail[] = []) {
    super(409, code, message, details);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}
