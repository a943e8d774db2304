import { Button } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { type ReactNode, useMemo, useState } from 'react';
import { type Column, Table } from '../common/Table';

/** A figure as the API sends it: an Int, a Decimal string, or none (a stock in a monthly series). */
export type FigureValue = number | string | null | undefined;
export type Figures = Record<string, FigureValue>;

/** A metric as `statisticsMetrics` describes it (from the statistics catalogue). */
export interface Metric {
  name: string;
  label: string;
  unit: string;
  shape: string;
  decimal: boolean;
  rankable: boolean;
}

/** Shown as the API sends it (a Decimal keeps its digits). */
export function formatFigure(v: FigureValue): string {
  return v === null || v === undefined ? '—' : String(v);
}

export const asNumber = (v: FigureValue): number => (v === null || v === undefined ? 0 : Number(v));

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The headline figures, one tile per metric of the catalogue. */
export function FigureTiles({ metrics, figures, extra }: { metrics: Metric[]; figures: Figures; extra?: ReactNode }) {
  return (
    <div className="figure-tiles" data-testid="figures">
      {metrics.map((m) => (
        <div key={m.name} className="figure-tile" data-testid={`figure-${m.name}`} data-value={formatFigure(figures[m.name])}>
          <div className="figure-label">{m.label.replace(/\(.+\)$/, '')}</div>
          <div className="figure-value">
            <span className="figure-number">{formatFigure(figures[m.name])}</span> <span className="figure-unit">{m.unit}</span>
          </div>
        </div>
      ))}
      {extra}
    </div>
  );
}

export function Tile({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="figure-tile" data-testid={testId}>
      <div className="figure-label">{label}</div>
      <div className="figure-value">
        <span className="figure-number">{value}</span>
      </div>
    </div>
  );
}

export interface FigureRow {
  key: string;
  name: ReactNode;
  sortName: string;
  code: string;
  figures: Figures;
}

/** A row per child node, every metric a column, sorted by any column (click its title). */
export function FigureTable({ metrics, rows, testId }: { metrics: Metric[]; rows: FigureRow[]; testId?: string }) {
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: 'code', desc: false });
  const sorted = useMemo(() => {
    const value = (r: FigureRow) => (sort.key === 'code' ? r.code : sort.key === 'name' ? r.sortName : asNumber(r.figures[sort.key]));
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return sort.desc ? -c : c;
    });
  }, [rows, sort]);
  const title = (key: string, label: string) => (
    <Button
      type="link"
      size="small"
      className="sort-button"
      aria-label={`按${label}排序`}
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined}
      onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'code' && key !== 'name' }))}
    >
      {label}
      {sort.key === key && (sort.desc ? <ArrowDownOutlined /> : <ArrowUpOutlined />)}
    </Button>
  );
  const columns: Column<FigureRow>[] = [
    { title: title('name', '单位'), dataIndex: 'name', width: 180 },
    { title: title('code', '区划代码'), dataIndex: 'code' },
    ...metrics.map((m): Column<FigureRow> => ({
      title: title(m.name, m.label),
      render: (_: unknown, r: FigureRow) => <span data-metric={m.name}>{formatFigure(r.figures[m.name])}</span>,
    })),
  ];
  return (
    <Table size="small" rowKey="key" pagination={false} dataSource={sorted} columns={columns} scroll={{ x: 180 + metrics.length * 110 }} data-testid={testId} />
  );
}
