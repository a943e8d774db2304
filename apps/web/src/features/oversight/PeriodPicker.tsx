import { Radio, Select, Space } from 'antd';
import { today } from '../../lib/dates';
import { DateInput } from '../common/ui';
import { INDEX_COUNT, indexLabel, KIND_LABEL, makePeriod, type Period, type PeriodKind } from './period';

/** Month, quarter, half-year, year or a custom range of days. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const thisYear = Number(today().slice(0, 4));
  const years = Array.from({ length: 8 }, (_, i) => thisYear - i);
  const kinds = Object.keys(KIND_LABEL) as PeriodKind[];
  return (
    <Space wrap data-testid="period-picker">
      <Radio.Group
        value={value.kind}
        optionType="button"
        buttonStyle="solid"
        aria-label="统计周期"
        options={kinds.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
        onChange={(e) => {
          const kind = e.target.value as PeriodKind;
          const month = Number(today().slice(5, 7));
          const index = kind === 'month' ? month : kind === 'quarter' ? Math.ceil(month / 3) : kind === 'half' ? (month <= 6 ? 1 : 2) : 1;
          onChange(makePeriod(kind, value.kind === 'custom' ? thisYear : value.year, index, { from: value.from, to: value.to }));
        }}
      />
      {value.kind !== 'custom' && (
        <Select
          aria-label="年份"
          value={value.year}
          style={{ width: 100 }}
          options={years.map((y) => ({ value: y, label: `${y} 年` }))}
          onChange={(y: number) => onChange(makePeriod(value.kind, y, value.index))}
        />
      )}
      {INDEX_COUNT[value.kind] > 0 && (
        <Select
          aria-label="期间"
          value={value.index}
          style={{ width: 120 }}
          options={Array.from({ length: INDEX_COUNT[value.kind] }, (_, i) => ({ value: i + 1, label: indexLabel(value.kind, i + 1) }))}
          onChange={(i: number) => onChange(makePeriod(value.kind, value.year, i))}
        />
      )}
      {value.kind === 'custom' && (
        <>
          <DateInput
            aria-label="开始日期"
            value={value.from}
            max={value.to}
            onChange={(d) => d && d <= value.to && onChange(makePeriod('custom', value.year, 1, { from: d, to: value.to }))}
          />
          <span>至</span>
          <DateInput
            aria-label="结束日期"
            value={value.to}
            min={value.from}
            onChange={(d) => d && d >= value.from && onChange(makePeriod('custom', value.year, 1, { from: value.from, to: d }))}
          />
        </>
      )}
    </Space>
  );
}
