import { GraphQLError } from 'graphql';
import { BadInputError, NotFoundError, RuleViolatedError } from './domain-errors';
import { formatGraphQLError } from './format-error';
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
});
