import { BadInputError, DomainError } from './domain-errors';

/**
 * Unique constraints whose violation means the caller sent a duplicate. A race between two
 * requests passes the service's own check and is stopped here by the database.
 */
const UNIQUE_FIELDS = new Map<string, [string, string]>();

export function registerUniqueField(constraint: string, field: string, message: string): void {
  UNIQUE_FIELDS.set(constraint, [field, message]);
}

export function fromDatabaseError(error: unknown): DomainError | undefined {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.code ?? e.driverError?.code;
  const constraint = e.constraint ?? e.driverError?.constraint;
  if (code === '23505' && constraint && UNIQUE_FIELDS.has(constraint)) {
    const [field, message] = UNIQUE_FIELDS.get(constraint)!;
    return BadInputError.field(field, message);
  }
  return undefined;
}
