import { ValidationError, ValidationPipe } from '@nestjs/common';
import { BadInputError, FieldProblem } from './errors/domain-errors';

function problems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...problems(e.children ?? [], field)];
  });
}

/** Validates every argument at the boundary; failures become BAD_USER_INPUT naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => new BadInputError(problems(errors)),
  });
}
