import { GraphQLError } from 'graphql';
import { BadInputError, NotFoundError, RuleViolatedError } from './domain-errors';
import { ScalarInputError } from '../graphql/scalar-input-error';
import { formatGraphQLError, loggableError } from './format-error';
import { registerUniqueField } from './unique-violations';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['x'] });
const format = (e: GraphQLError, log = jest.fn()) => formatGraphQLError({ message: e.message, path: e.path }, e, log);

describe('formatGraphQLError', () => {
  it('reports a domain error with its code and details', () => {
    expect(format(wrap(BadInputError.field('code', 'must be 6 digits')))).toEqual({
      message: 'code: must be 6 digits',
      path: ['x'],
      locations: undefined,
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'code', message: 'must be 6 digits' }] },
    });
    expect(format(wrap(new NotFoundError('Station', 'abc'))).extensions).toEqual({ code: 'NOT_FOUND' });
    expect(format(wrap(new RuleViolatedError('min-staff', 'too few staff'))).extensions).toEqual({ code: 'RULE_VIOLATED', rule: 'min-staff' });
  });

  it('turns a registered unique violation from the database into BAD_USER_INPUT on its field', () => {
    registerUniqueField('uq_example_code', 'code', 'is taken');
    const dbError = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', constraint: 'uq_example_code' });
    expect(format(wrap(dbError)).extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'code', message: 'is taken' }] });
  });

  it('drops "Did you mean …?" from validation and input messages when suggestions are hidden', () => {
    const typo = new GraphQLError('Cannot query field "mee" on type "Query". Did you mean "me"?', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const formatted = { message: typo.message, extensions: typo.extensions };
    expect(formatGraphQLError(formatted, typo, jest.fn(), { hideSuggestions: true }).message).toBe('Cannot query field "mee" on type "Query".');
    expect(formatGraphQLError(formatted, typo, jest.fn()).message).toBe(typo.message);
  });

  it('hides anything unexpected behind a generic message, and logs it', () => {
    const log = jest.fn();
    const secret = new Error('relation "user_account" column password_hash at /srv/app.js:12');
    const out = format(wrap(secret), log);
    expect(out).toEqual({ message: 'Internal server error', path: ['x'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(log).toHaveBeenCalledWith(secret);
  });

  it('answers a scalar’s refusal BAD_USER_INPUT behind a validation error (a literal) as behind a variable’s', () => {
    const refusal = new ScalarInputError('Date must be a real calendar date, got "2024-02-30"');
    const validation = new GraphQLError(refusal.message, { originalError: refusal, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const variable = new GraphQLError(`Variable "$on" got invalid value "2024-02-30"; ${refusal.message}`, {
      originalError: new GraphQLError('inner', { originalError: refusal }),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    for (const e of [validation, variable]) {
      expect(formatGraphQLError({ message: e.message, extensions: e.extensions }, e).extensions).toEqual({ code: 'BAD_USER_INPUT' });
    }
  });

  it('finds a domain error thrown by a plugin behind the GraphQLError Apollo wraps it in', () => {
    const e = new GraphQLError('x', { originalError: BadInputError.field('name', 'must not contain control characters') });
    expect(formatGraphQLError({ message: e.message }, e).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'name' }] });
  });

  it('logs an unexpected error without the values a database error carries', () => {
    const dbError = Object.assign(new Error('duplicate key value violates unique constraint "uq_x"'), {
      code: '23505',
      constraint: 'uq_x',
      detail: 'Key (id_number)=(370102194610111240) already exists.',
    });
    const logged = loggableError(dbError);
    expect(logged).toMatchObject({ name: 'Error', code: '23505', constraint: 'uq_x' });
    expect(JSON.stringify(logged)).not.toContain('370102194610111240');
  });
});
