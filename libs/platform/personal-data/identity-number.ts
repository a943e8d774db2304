import { registerDecorator, ValidationOptions } from 'class-validator';
import { identityNumberProblem } from './identity-number-rule';

export { birthDateOf, identityNumberIssue, identityNumberProblem, makeIdentityNumber, maskIdentityNumber, maskName, normaliseIdentityNumber } from './identity-number-rule';
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
        defaultMessage: (args) =>
          `${args?.property} ${typeof args?.value === 'string' ? identityNumberProblem(args.value) : 'must be a string'}`,
      },
    });
}

