import { Page, PageInput, pageOf } from '../graphql/pagination';
import { currentRequest } from './request-context';

export interface PagedSql {
  /** Columns to return. */
  select: string;
  /** `from … where …`, with $1… placeholders for `params`. */
  from: string;
  params: unknown[];
  orderBy: string;
}

/** Filters, counts and pages in SQL: one count and one page query in the request transaction. */
export async function pagedQuery<R, T = R>(sql: PagedSql, page: PageInput | undefined, map: (row: R) => T): Promise<Page<T>> {
  const { offset, limit } = pageOf(page);
  const req = currentRequest();
  const n = sql.params.length;
  // One connection runs one statement at a time, so the two queries go in turn.
  const countRows = await req.query<{ total: number }>(`select count(*)::int as total ${sql.from}`, sql.params);
  const rows = await req.query<R>(`select ${sql.select} ${sql.from} order by ${sql.orderBy} limit $${n + 1} offset $${n + 2}`, [...sql.params, limit, offset]);
  return { items: rows.map(map), total: countRows[0].total };
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function startsWithPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
