import { CustomScalar, Scalar } from '@nestjs/graphql';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { GraphQLError, Kind, ValueNode } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** A calendar date (YYYY-MM-DD) in the tenant's time zone; kept as a string end to end. */
@Scalar('Date', () => LocalDate)
export class LocalDate implements CustomScalar<string, string> {
  description = 'A calendar date, YYYY-MM-DD, in the tenant time zone';

  parseValue(value: unknown): string {
    if (!isLocalDate(value)) throw new GraphQLError(`Date must be a real date written YYYY-MM-DD, got ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
    return value;
  }

  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
    return this.parseValue(ast.value);
  }
}

/**
 * Marks a Date input field for the validation pipe. The scalar has already checked the value;
 * this keeps the field through `whitelist` (which drops undecorated fields) and re-checks it.
 */
export const IsLocalDate = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isLocalDate', validator: { validate: isLocalDate, defaultMessage: () => '$property must be a date written YYYY-MM-DD' } }, options);
