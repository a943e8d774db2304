import { months, tile } from './periods';

describe('tile', () => {
  it('reads a calendar half-year as one period', () => {
    expect(tile('2021-01-01', '2021-06-30')).toEqual([{ grain: 'H', start: '2021-01-01' }]);
    expect(tile('2021-07-01', '2021-12-31')).toEqual([{ grain: 'H', start: '2021-07-01' }]);
    expect(tile('2021-01-01', '2021-12-31')).toEqual([{ grain: 'Y', start: '2021-01-01' }]);
  });

  it('uses the largest whole period first and days at the ragged edges', () => {
    expect(tile('2020-12-30', '2022-05-02')).toEqual([
      { grain: 'D', start: '2020-12-30' },
      { grain: 'D', start: '2020-12-31' },
      { grain: 'Y', start: '2021-01-01' },
      { grain: 'Q', start: '2022-01-01' },
      { grain: 'M', start: '2022-04-01' },
      { grain: 'D', start: '2022-05-01' },
      { grain: 'D', start: '2022-05-02' },
    ]);
  });

  it('does not start a quarter or half-year mid-way', () => {
    expect(tile('2021-02-01', '2021-07-31')).toEqual([
      { grain: 'M', start: '2021-02-01' },
      { grain: 'M', start: '2021-03-01' },
      { grain: 'Q', start: '2021-04-01' },
      { grain: 'M', start: '2021-07-01' },
    ]);
  });

  it('handles a single day and leap February', () => {
    expect(tile('2024-02-29', '2024-02-29')).toEqual([{ grain: 'D', start: '2024-02-29' }]);
    expect(tile('2024-02-01', '2024-02-29')).toEqual([{ grain: 'M', start: '2024-02-01' }]);
    expect(tile('2024-02-01', '2024-02-28')).toHaveLength(28);
  });

  it('covers every day of a range exactly once', () => {
    const days = (p: { grain: string; start: string }) => {
      const span = { D: 0, M: 1, Q: 3, H: 6, Y: 12 }[p.grain]!;
      const start = new Date(`${p.start}T00:00:00Z`);
      const end = new Date(start);
      if (span) end.setUTCMonth(end.getUTCMonth() + span);
      else end.setUTCDate(end.getUTCDate() + 1);
      return (end.getTime() - start.getTime()) / 86_400_000;
    };
    const pieces = tile('2019-11-17', '2023-03-04');
    expect(pieces.reduce((n, p) => n + days(p), 0)).toBe((Date.UTC(2023, 2, 4) - Date.UTC(2019, 10, 17)) / 86_400_000 + 1);
  });
});

describe('months', () => {
  it('clips the first and last month to the range', () => {
    expect(months('2021-01-15', '2021-03-10')).toEqual([
      { month: '2021-01', from: '2021-01-15', to: '2021-01-31' },
      { month: '2021-02', from: '2021-02-01', to: '2021-02-28' },
      { month: '2021-03', from: '2021-03-01', to: '2021-03-10' },
    ]);
  });
});

describe('bounds', () => {
  it('compares dates as dates, and fails fast instead of spinning past year 9999', () => {
    const started = Date.now();
    expect(() => tile('9999-12-01', '9999-12-31')).toThrow(RangeError);
    expect(() => months('9999-12-01', '9999-12-31')).toThrow(RangeError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a monthly series or a tiling longer than any report reads', () => {
    expect(() => months('1900-01-01', '2100-12-31')).toThrow(/more months/);
    expect(months('2016-01-01', '2025-12-31')).toHaveLength(120);
    // 200 years of whole years tile into 200 periods: the tiling itself stays small.
    expect(tile('1900-01-01', '2099-12-31')).toHaveLength(200);
  });
});
