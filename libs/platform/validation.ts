import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadInputError, FieldProblem } from './errors/domain-errors';

function problems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...problems(e.children ?? [], field)];
  });
}

/**
 * Control characters other than tab and line feed: C0 (NUL among them, which PostgreSQL cannot
 * store at all), DEL and C1. No name, number or narrative a person types holds one.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** The text values holding a control character, each named by its path (`emergencyContact.name`, `skills.2`). */
export function controlCharacterProblems(value: unknown, path: string, depth = 0): FieldProblem[] {
  if (typeof value === 'string')
    return CONTROL.test(value) ? [{ field: path, message: 'must not contain control characters (only tab and line feed are allowed)' }] : [];
  if (!value || typeof value !== 'object' || depth > 20) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([key, v]) => controlCharacterProblems(v, path ? `${path}.${key}` : key, depth + 1));
}

/**
 * The global pipe: every GraphQL argument (Nest reports them as 'body') and every query-string and
 * path parameter of the HTTP routes goes through it, DTO or plain scalar alike. Text carrying a
 * control character is refused first, naming the field (inside an input object by its path there,
 * as the validators name fields; a plain argument by its name); then DTOs are validated.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
      const found = controlCharacterProblems(value, isObject ? '' : (metadata.data ?? 'value'));
      if (found.length) throw new BadInputError(found);
    }
    return super.transform(value, metadata);
  }
}

/** Validates every argument at the boundary; failures become BAD_USER_INPUT naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => new BadInputError(problems(errors)),
  });
}
