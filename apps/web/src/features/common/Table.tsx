import { Button, Spin } from 'antd';
import type { CSSProperties, Key, ReactNode } from 'react';

/**
 * The console's tables and lists: the few features its screens use (columns, paging by the API's
 * offset, sideways scrolling on a phone), light enough that a screen does not load antd's Table,
 * List, Pagination and Select for them (about 85 KB gzipped).
 */
export interface Column<T> {
  title: ReactNode;
  dataIndex?: keyof T & string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  render?: (value: any, record: T, index: number) => ReactNode;
  width?: number;
  ellipsis?: boolean;
}

export interface Paging {
  total: number;
  pageSize: number;
  current: number;
  onChange: (page: number) => void;
  showTotal?: (total: number) => ReactNode;
  showSizeChanger?: boolean;
}

export function Pager({ total, pageSize, current, onChange, showTotal }: Paging) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && !showTotal) return null;
  return (
    <nav className="pager" aria-label="分页">
      <span className="pager-total">{showTotal ? showTotal(total) : `共 ${total} 条`}</span>
      {pages > 1 && (
        <>
          <Button size="small" disabled={current <= 1} onClick={() => onChange(current - 1)}>
            上一页
          </Button>
          <span className="pager-page">
            第 {current} / {pages} 页
          </span>
          <Button size="small" disabled={current >= pages} onClick={() => onChange(current + 1)}>
            下一页
          </Button>
        </>
      )}
    </nav>
  );
}

export function Table<T>({
  columns,
  dataSource,
  rowKey,
  pagination,
  loading,
  locale,
  scroll,
  style,
  'data-testid': testId,
}: {
  columns: Column<T>[];
  dataSource: readonly T[];
  rowKey: keyof T & string;
  pagination?: false | Paging;
  loading?: boolean;
  locale?: { emptyText?: ReactNode };
  scroll?: { x?: number };
  size?: 'small';
  style?: CSSProperties;
  'data-testid'?: string;
}) {
  return (
    <div className="table" style={style} data-testid={testId}>
      <Spin spinning={Boolean(loading)}>
        <div className="table-scroll">
          <table style={{ minWidth: scroll?.x }}>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th key={i} style={{ width: c.width }}>
                    {c.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dataSource.length === 0 && (
                <tr>
                  <td className="table-empty" colSpan={columns.length}>
                    {locale?.emptyText ?? '暂无数据'}
                  </td>
                </tr>
              )}
              {dataSource.map((r, i) => (
                <tr key={r[rowKey] as Key} className="table-row">
                  {columns.map((c, j) => {
                    const value = c.dataIndex ? r[c.dataIndex] : undefined;
                    return (
                      <td key={j} className={c.ellipsis ? 'table-ellipsis' : undefined}>
                        {c.render ? c.render(value, r, i) : ((value as ReactNode) ?? '—')}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Spin>
      {pagination && <Pager {...pagination} />}
    </div>
  );
}

function ListView<T>({
  dataSource,
  renderItem,
  locale,
  header,
  'data-testid': testId,
}: {
  dataSource: readonly T[];
  renderItem: (item: T, index: number) => ReactNode;
  locale?: { emptyText?: ReactNode };
  header?: ReactNode;
  size?: 'small';
  'data-testid'?: string;
}) {
  return (
    <div className="list" data-testid={testId}>
      {header && <div className="list-header">{header}</div>}
      {dataSource.length === 0 ? <div className="list-empty">{locale?.emptyText ?? '暂无数据'}</div> : <ul>{dataSource.map((d, i) => renderItem(d, i))}</ul>}
    </div>
  );
}

function Item({ actions, children }: { actions?: ReactNode[]; children?: ReactNode }) {
  return (
    <li className="list-item">
      <div className="list-item-main">{children}</div>
      {actions && actions.length > 0 && <div className="list-item-actions">{actions}</div>}
    </li>
  );
}

function Meta({ title, description }: { title?: ReactNode; description?: ReactNode }) {
  return (
    <div className="list-meta">
      {title && <div className="list-meta-title">{title}</div>}
      {description && <div className="list-meta-description">{description}</div>}
    </div>
  );
}

export const List = Object.assign(ListView, { Item: Object.assign(Item, { Meta }) });
