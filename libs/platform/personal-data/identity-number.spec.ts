import { identityNumberProblem, makeIdentityNumber, maskIdentityNumber } from './identity-number';

describe('identity numbers', () => {
  it('accepts the standard example and numbers ending in X', () => {
    expect(identityNumberProblem('11010519491231002X')).toBeUndefined();
    expect(identityNumberProblem('110101199003074514')).toBeUndefined();
    expect(identityNumberProblem(makeIdentityNumber('370102', '1985-06-15', '123'))).toBeUndefined();
  });

  it.each([
    ['11010519491231002', 'must be 18 characters'],
    ['1101051949123100211', 'must be 18 characters'],
    ['11010519491231002x', 'must be 18 characters'],
    ['A10105194912310021', 'must be 18 characters'],
    ['110105194902300021', 'impossible birth date'],
    ['110105299901010021', 'impossible birth date'],
    ['110105194912310021', 'wrong check character'],
    ['110101199003074515', 'wrong check character'],
  ])('rejects %s', (value, message) => {
    expect(identityNumberProblem(value)).toContain(message);
  });

  it('masks all but the first and last four characters', () => {
    expect(maskIdentityNumber('370102198506151234')).toBe('3701**********1234');
    expect(maskIdentityNumber(null)).toBeNull();
  });
});
