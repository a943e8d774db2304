import { divisionCodeProblem } from './division-code';

describe('divisionCodeProblem', () => {
  const city = { level: 1, code: '370100' };
  const district = { level: 2, code: '370102' };
  const street = { level: 3, code: '370102001' };

  it.each([
    [1, '370100', undefined],
    [2, '370102', city],
    [3, '370102001', district],
    [4, '370102001001', street],
  ])('accepts a well-formed level %i code %s', (level, code, parent) => {
    expect(divisionCodeProblem(level as number, code as string, parent as never)).toBeUndefined();
  });

  it.each([
    [2, '37010', city, 'must be 6 digits'],
    [2, '3701a2', city, 'must be 6 digits'],
    [2, '370200', city, 'district code does not end in 00'],
    [2, '370202', city, 'must start with 3701'],
    [3, '370103001', district, 'must start with 370102'],
    [3, '37010200', district, 'must be 9 digits'],
    [4, '370102002001', street, 'must start with 370102001'],
    [1, '370101', undefined, 'city code ends in 00'],
    [5, '370102001001001', street, 'does not exist'],
  ])('rejects level %i code %s', (level, code, parent, message) => {
    expect(divisionCodeProblem(level as number, code as string, parent as never)).toContain(message);
  });
});
