import { SqlFilter } from './sql-filter';

describe('SqlFilter', () => {
  it('numbers placeholders in order and joins conditions', () => {
    const f = new SqlFilter()
      .where((p) => `a.org_path <@ ${p}::ltree[]`, ['x'])
      .whereRaw('a.voided_at is null')
      .where((p) => `a.day >= ${p}`, '2026-01-01');
    expect(f.sql).toBe('a.org_path <@ $1::ltree[] and a.voided_at is null and a.day >= $2');
    expect(f.params).toEqual([['x'], '2026-01-01']);
  });

  it('matches everything when empty', () => {
    expect(new SqlFilter().sql).toBe('true');
  });
});
