import { BadInputError, ConflictError, DomainError, RuleViolatedError } from './domain-errors';
import type { RuleCode } from './rule-codes';

/**
 * Unique constraints whose violation means the caller sent a duplicate. A race between two
 * requests passes the service's own check and is stopped here by the database.
 */
const UNIQUE_FIELDS = new Map<string, [string, string, 'BAD_USER_INPUT' | 'CONFLICT']>();

/**
 * A duplicate is the caller's mistake in one field (BAD_USER_INPUT, `message` says what is wrong
 * with the field), or a clash with an existing record (CONFLICT, `message` is the whole message:
 * the same words the service's own check answers with, so one rule has one wording).
 */
export function registerUniqueField(constraint: string, field: string, message: string, code: 'BAD_USER_INPUT' | 'CONFLICT' = 'BAD_USER_INPUT'): void {
  UNIQUE_FIELDS.set(constraint, [field, message, code]);
}

/** Unique constraints that hold a domain rule (e.g. one open case per person): a violation is RULE_VIOLATED. */
const UNIQUE_RULES = new Map<string, [RuleCode, string]>();

export function registerUniqueRule(constraint: string, rule: RuleCode, message: string): void {
  UNIQUE_RULES.set(constraint, [rule, message]);
}

export function fromDatabaseError(error: unknown): DomainError | undefined {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.code ?? e.driverError?.code;
  const constraint = e.constraint ?? e.driverError?.constraint;
  if (code === '23505' && constraint && UNIQUE_RULES.has(constraint)) {
    const [rule, message] = UNIQUE_RULES.get(constraint)!;
    return new RuleViolatedError(rule, message);
  }
  if (code === '23505' && constraint && UNIQUE_FIELDS.has(constraint)) {
    const [field, message, kind] = UNIQUE_FIELDS.get(constraint)!;
    return kind === 'CONFLICT' ? new ConflictError(message, { field }) : BadInputError.field(field, message);
  }
  return undefined;
}
