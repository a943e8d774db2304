import { CustomScalar, Scalar } from '@nestjs/graphql';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { Kind, ValueNode } from 'graphql';
import { ScalarInputError } from './scalar-input-error';

const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;

/** True for a non-negative amount with at most two decimals, written as digits ("1349000.50"). */
export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/**
 * Money and hours as exact decimal strings (yuan with fen, e.g. "1349000.00"): never a binary
 * float on the way in, in the database (numeric), or on the way out.
 */
@Scalar('Decimal', () => Decimal)
export class Decimal implements CustomScalar<string, string> {
  description = 'An exact non-negative decimal with at most two places, as a string, e.g. "1349000.50"';

  parseValue(value: unknown, node?: ValueNode): string {
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (!isDecimal(text)) throw new ScalarInputError(`Decimal must be digits with at most two decimals, got ${JSON.stringify(value)}`, node);
    return text;
  }

  serialize(value: unknown): string {
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT)
      throw new ScalarInputError('Decimal must be a string such as "12.50"', ast);
    return this.parseValue(ast.value, ast);
  }
}

/** Marks a Decimal input field for the validation pipe (which drops undecorated fields) and re-checks it. */
export const IsDecimalAmount = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isDecimalAmount', validator: { validate: isDecimal, defaultMessage: () => '$property must be digits with at most two decimals' } },
    options,
  );
