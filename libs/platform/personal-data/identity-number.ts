import { registerDecorator, ValidationOptions } from 'class-validator';
import { identityNumberProblem } from './identity-number-rule';

export {
  birthDateOf,
  identityNumberIssue,
  identityNumberProblem,
  makeIdentityNumber,
  maskIdentityNumber,
  maskName,
  normaliseIdentityNumber,
} from './identity-number-rule';
export type { IdentityNumberIssue } from './identity-number-rule';

/** class-validator decorator for an 18-character identity number with a valid checksum. */
export function IsIdentityNumber(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIdentityNumber',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !identityNumberProblem(value),
        defaultMessage: (args) => `${args?.property} ${typeof args?.value === 'string' ? identityNumberProblem(args.value) : 'must be a string'}`,
      },
    });
}

/** The sex an identity number records: its 17th character, the last of the sequence, is odd for a man and even for a woman. */
export function genderOf(idNumber: string): 'MALE' | 'FEMALE' {
  return Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE';
}

/**
 * For a `gender` field beside an identity number (`idProperty`): the two must agree. Judged only
 * once the number is valid; a bad number is reported on its own field.
 */
export function AgreesWithIdentityNumber(idProperty = 'idNumber', options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'agreesWithIdentityNumber',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args) => {
          const id = (args?.object as Record<string, unknown>)[idProperty];
          if (typeof id !== 'string' || identityNumberProblem(id)) return true;
          return value === genderOf(id);
        },
        defaultMessage: (args) => {
          const id = (args?.object as Record<string, unknown>)[idProperty] as string;
          return `does not match the identity number, which records ${genderOf(id)} (its 17th digit is ${Number(id[16]) % 2 === 1 ? 'odd' : 'even'})`;
        },
      },
    });
}
