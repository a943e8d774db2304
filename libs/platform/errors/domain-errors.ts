import type { RuleCode } from './rule-codes';

/**
 * The errors a service may throw. Each carries the `extensions.code` the API reports;
 * format-error.ts is the one place that turns anything thrown into that shape.
 */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RULE_VIOLATED' | 'TOO_MANY_REQUESTS';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly extensions: Record<string, unknown> = {};
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Not signed in, or the session has ended', details: Record<string, unknown> = {}) {
    super(message);
    Object.assign(this.extensions, details);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Your role does not allow this') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(what: string, id?: string) {
    super(id ? `${what} ${id} was not found` : `${what} was not found`);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A field's message says what is wrong, not which field: the field is named beside it. Messages
 * written `$property must …` (class-validator's habit) lose the leading name, so the answer reads
 * `idNumber: must be 18 characters`, not `idNumber: idNumber must be 18 characters`.
 */
function withoutFieldName(p: FieldProblem): FieldProblem {
  const name = p.field.split('.').pop() ?? p.field;
  for (const prefix of [`${p.field} `, `${name} `]) {
    if (name && p.message.startsWith(prefix) && p.message.length > prefix.length) return { field: p.field, message: p.message.slice(prefix.length) };
  }
  return p;
}

export class BadInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  readonly fields: FieldProblem[];
  constructor(fields: FieldProblem[]) {
    const clean = fields.map(withoutFieldName);
    super(clean.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = clean;
    this.extensions.fields = clean;
  }

  static field(field: string, message: string): BadInputError {
    return new BadInputError([{ field, message }]);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    Object.assign(this.extensions, details);
  }
}

export class RuleViolatedError extends DomainError {
  readonly code = 'RULE_VIOLATED';
  constructor(
    readonly rule: RuleCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    Object.assign(this.extensions, { rule, ...details });
  }
}

export class TooManyRequestsError extends DomainError {
  readonly code = 'TOO_MANY_REQUESTS';
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.extensions.retryAfterSeconds = retryAfterSeconds;
  }
}
