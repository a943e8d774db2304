import { CustomScalar, Scalar } from '@nestjs/graphql';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { Kind, ValueNode } from 'graphql';
import { ScalarInputError } from './scalar-input-error';

/** The years a date may fall in, anywhere in the API: far enough for any birth date or plan, near enough to bound every range. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

const yearProblem = (year: number) => (year < MIN_YEAR || year > MAX_YEAR ? `the year must be from ${MIN_YEAR} to ${MAX_YEAR}` : undefined);

/** Why a value is not a date of the API (YYYY-MM-DD, a real calendar day, years 1900–2100), or undefined if it is one. */
export function localDateProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a date written YYYY-MM-DD';
  const m = DATE.exec(value);
  if (!m) return 'must be a date written YYYY-MM-DD';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Before Date.UTC sees it: it reads years 0–99 as 1900–1999.
  const year = yearProblem(y);
  if (year) return year;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return 'must be a real calendar date';
  return undefined;
}

/** True for a real calendar date written YYYY-MM-DD in the years 1900–2100. */
export function isLocalDate(value: unknown): value is string {
  return localDateProblem(value) === undefined;
}

/** Why a value is not a month of the API (YYYY-MM, years 1900–2100), or undefined if it is one. */
export function localMonthProblem(value: unknown): string | undefined {
  const m = typeof value === 'string' ? MONTH.exec(value) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return 'must be a month written YYYY-MM';
  return yearProblem(Number(m[1]));
}

/** A calendar date (YYYY-MM-DD) in the tenant's time zone; kept as a string end to end. */
@Scalar('Date', () => LocalDate)
export class LocalDate implements CustomScalar<string, string> {
  description = `A calendar date, YYYY-MM-DD, in the tenant time zone; years ${MIN_YEAR}–${MAX_YEAR}`;

  parseValue(value: unknown, node?: ValueNode): string {
    const problem = localDateProblem(value);
    if (problem) throw new ScalarInputError(`Date ${problem}, got ${JSON.stringify(value)}`, node);
    return value as string;
  }

  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    if (ast.kind !== Kind.STRING) throw new ScalarInputError('Date must be a string written YYYY-MM-DD', ast);
    return this.parseValue(ast.value, ast);
  }
}

/**
 * Marks a Date input field for the validation pipe. The scalar has already checked the value;
 * this keeps the field through `whitelist` (which drops undecorated fields) and re-checks it.
 */
export const IsLocalDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isLocalDate',
      validator: { validate: isLocalDate, defaultMessage: (args) => localDateProblem(args?.value) ?? 'must be a date written YYYY-MM-DD' },
    },
    options,
  );
