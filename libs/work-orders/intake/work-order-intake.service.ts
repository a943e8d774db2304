import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { Workbook } from 'exceljs';
import { AccessService, Actor } from '@access';
import { CITY_TIME_ZONE, OrgUnitService } from '@org';
import { Db } from '@platform/database/db';
import { BadInputError, DomainError, ForbiddenError, UnauthenticatedError } from '@platform/errors/domain-errors';
import { CreateWorkOrderInput, WorkOrderSource, WorkOrderUrgency } from '../work-order.model';
import { hashKey, WorkOrderPolicyService } from '../work-order-policy.service';
import { WorkOrderService } from '../work-order.service';

/** The columns of an import file, by their Chinese headers (the hotline's export), and the field each fills. */
export const IMPORT_COLUMNS: [string, keyof ImportRow][] = [
  ['工单编号', 'orderNumber'],
  ['受理时间', 'receivedAt'],
  ['诉求人', 'requesterName'],
  ['联系电话', 'requesterPhone'],
  ['地址', 'address'],
  ['诉求分类', 'category'],
  ['诉求内容', 'content'],
  ['紧急程度', 'urgency'],
];

/** At most this many rows in one file. */
export const MAX_IMPORT_ROWS = 20000;

export interface ImportRow {
  orderNumber?: string;
  receivedAt?: string | Date;
  requesterName?: string;
  requesterPhone?: string;
  address?: string;
  category?: string;
  content?: string;
  urgency?: string;
}

export interface RowProblem {
  field: string;
  message: string;
}

export interface ImportRowResult {
  row: number;
  orderNumber: string | null;
  outcome: 'CREATED' | 'DUPLICATE' | 'REFUSED';
  id?: string;
  problems?: RowProblem[];
}

export interface ImportReport {
  created: number;
  duplicates: number;
  refused: number;
  rows: ImportRowResult[];
}

const URGENCY: Record<string, WorkOrderUrgency> = {
  紧急: WorkOrderUrgency.URGENT,
  一般: WorkOrderUrgency.NORMAL,
  URGENT: WorkOrderUrgency.URGENT,
  NORMAL: WorkOrderUrgency.NORMAL,
};

/** A CSV text as rows of cells (RFC 4180: quoted cells, doubled quotes, line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** A date-time cell: ISO 8601 with an offset, or "YYYY-MM-DD HH:mm[:ss]" in the city's time zone (left to PostgreSQL). */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/;
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A local date and time that exists on the calendar (checked before PostgreSQL casts it, which would abort the transaction). */
function realLocalTime(text: string): boolean {
  const [y, mo, d, h, mi, sec] = text.split(/[-T :]/).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, sec || 0));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi;
}

function messages(errors: ValidationError[]): RowProblem[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message })));
}

/**
 * Orders from the hotline's system: a file a dispatcher imports (Excel or CSV, one order a row)
 * and single orders its system posts with the city's API key. Both are idempotent by the hotline's
 * order number: an order already there is reported, never written twice.
 */
@Injectable()
export class WorkOrderIntakeService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly orders: WorkOrderService,
    private readonly policy: WorkOrderPolicyService,
    private readonly orgUnits: OrgUnitService,
  ) {}

  /** The rows of a file, by header: the first row names the columns (the order of columns is free). */
  async readFile(body: Buffer, kind: 'xlsx' | 'csv'): Promise<ImportRow[]> {
    let table: (string | Date | undefined)[][];
    if (kind === 'csv') table = parseCsv(body.toString('utf8'));
    else {
      const book = new Workbook();
      try {
        await book.xlsx.load(body as unknown as ArrayBuffer);
      } catch {
        throw BadInputError.field('file', 'is not an Excel (.xlsx) workbook');
      }
      const sheet = book.worksheets[0];
      table = [];
      sheet?.eachRow((row) => {
        const cells: (string | Date | undefined)[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          const v = cell.value;
          cells[col - 1] =
            v instanceof Date ? v : v === null || v === undefined ? undefined : typeof v === 'object' && 'text' in v ? String(v.text) : String(v);
        });
        table.push(cells);
      });
    }
    if (!table.length) throw BadInputError.field('file', 'has no rows');
    const header = table[0].map((h) => (typeof h === 'string' ? h.trim() : ''));
    const missing = IMPORT_COLUMNS.filter(([title, key]) => ['orderNumber', 'requesterName', 'category', 'content'].includes(key) && !header.includes(title));
    if (missing.length) throw BadInputError.field('file', `lacks the columns ${missing.map(([t]) => t).join('、')}`);
    if (table.length - 1 > MAX_IMPORT_ROWS) throw BadInputError.field('file', `has more than ${MAX_IMPORT_ROWS} rows`);
    return table.slice(1).map((cells) => {
      const row: ImportRow = {};
      for (const [title, key] of IMPORT_COLUMNS) {
        const i = header.indexOf(title);
        const v = i >= 0 ? cells[i] : undefined;
        if (v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
        (row as Record<string, unknown>)[key] = typeof v === 'string' ? v.trim() : v;
      }
      return row;
    });
  }

  /** One row as the input of an order, or the problems of its fields. */
  private async toInput(row: ImportRow, intakeNodeId: string): Promise<{ input?: CreateWorkOrderInput; problems: RowProblem[] }> {
    const problems: RowProblem[] = [];
    let receivedAt: Date | undefined;
    if (row.receivedAt instanceof Date) receivedAt = row.receivedAt;
    else if (row.receivedAt && ZONED_TIME.test(row.receivedAt)) receivedAt = new Date(row.receivedAt);
    else if (row.receivedAt && LOCAL_TIME.test(row.receivedAt) && realLocalTime(row.receivedAt)) {
      const [r] = await this.db.query<{ at: Date }>(`select ($1::timestamp at time zone ${CITY_TIME_ZONE}) as at`, [row.receivedAt.replace(' ', 'T')]);
      receivedAt = r.at;
    } else if (row.receivedAt) problems.push({ field: 'receivedAt', message: 'must be a date and time, e.g. 2026-03-01 08:30' });
    if (receivedAt && (Number.isNaN(receivedAt.getTime()) || receivedAt.getUTCFullYear() < 1900 || receivedAt.getUTCFullYear() > 2100))
      problems.push({ field: 'receivedAt', message: 'must be a date and time from 1900 to 2100' });
    const urgency = row.urgency ? URGENCY[row.urgency] : WorkOrderUrgency.NORMAL;
    if (!urgency) problems.push({ field: 'urgency', message: 'must be 紧急 or 一般' });
    const category = row.category ? await this.policy.categoryByName(row.category) : undefined;
    if (!category?.active) problems.push({ field: 'category', message: row.category ? `no category 「${row.category}」 in the city` : 'must not be empty' });
    if (!row.orderNumber) problems.push({ field: 'orderNumber', message: 'must not be empty' });
    const input = plainToInstance(CreateWorkOrderInput, {
      intakeNodeId,
      source: WorkOrderSource.HOTLINE_12345,
      orderNumber: row.orderNumber,
      receivedAt,
      requesterName: row.requesterName ?? '',
      requesterPhone: row.requesterPhone,
      address: row.address,
      categoryId: category?.id ?? '00000000-0000-4000-8000-000000000000',
      content: row.content ?? '',
      urgency: urgency ?? WorkOrderUrgency.NORMAL,
    });
    const found = messages(await validate(input)).filter((p) => p.field !== 'categoryId' && !problems.some((q) => q.field === p.field));
    problems.push(...found);
    if (!problems.length) problems.push(...(await this.orders.problems(input)).map((p) => (p.field === 'categoryId' ? { ...p, field: 'category' } : p)));
    return problems.length ? { problems } : { input, problems };
  }

  /**
   * Imports the rows one by one: each good row is written (in a savepoint of its own, so a row the
   * database refuses leaves the others), each bad one is refused with the reason, and an order
   * number already in the city is reported as a duplicate and left as it is.
   */
  async importRows(actor: Actor, intakeNodeId: string, rows: ImportRow[]): Promise<ImportReport> {
    if (!actor.canAny('dispatch', 'WorkOrder')) throw new ForbiddenError();
    const node = await this.orgUnits.get(actor, intakeNodeId);
    this.access.assert(actor, 'dispatch', 'WorkOrder', { path: node.path });
    const report: ImportReport = { created: 0, duplicates: 0, refused: 0, rows: [] };
    const seen = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const line = i + 2;
      const { input, problems } = await this.toInput(row, node.id);
      const orderNumber = row.orderNumber ?? null;
      if (!input) {
        report.refused++;
        report.rows.push({ row: line, orderNumber, outcome: 'REFUSED', problems });
        continue;
      }
      if (seen.has(input.orderNumber!)) {
        report.duplicates++;
        report.rows.push({ row: line, orderNumber, outcome: 'DUPLICATE', problems: [{ field: 'orderNumber', message: 'appears earlier in the file' }] });
        continue;
      }
      seen.add(input.orderNumber!);
      const result = await this.writeOne(input, node, actor.id, actor);
      if (result.problems) {
        report.refused++;
        report.rows.push({ row: line, orderNumber, outcome: 'REFUSED', problems: result.problems });
      } else if (result.created) {
        report.created++;
        report.rows.push({ row: line, orderNumber, outcome: 'CREATED', id: result.id });
      } else {
        report.duplicates++;
        report.rows.push({ row: line, orderNumber, outcome: 'DUPLICATE', id: result.id });
      }
    }
    return report;
  }

  /** Writes one order in a savepoint; the id of the one already there when the number is taken. */
  private async writeOne(
    input: CreateWorkOrderInput,
    node: { id: string; path: string },
    createdBy: string | null,
    actor: Actor | null,
  ): Promise<{ id?: string; created?: boolean; problems?: RowProblem[] }> {
    await this.db.query(`savepoint work_order_row`);
    try {
      const id = await this.orders.insert(input, node, true, createdBy, actor);
      await this.db.query(`release savepoint work_order_row`);
      if (id) return { id, created: true };
      const [existing] = await this.db.query<{ id: string }>(`select id from work_order where order_number = $1`, [input.orderNumber]);
      return { id: existing?.id, created: false };
    } catch (e) {
      await this.db.query(`rollback to savepoint work_order_row`);
      if (e instanceof BadInputError) return { problems: e.fields };
      if (e instanceof DomainError) return { problems: [{ field: 'row', message: e.message }] };
      throw e;
    }
  }

  /** The city an API key belongs to, or UNAUTHENTICATED for a wrong or revoked key. */
  async cityOfKey(key: string | undefined): Promise<{ tenantId: string; cityId: string; cityPath: string }> {
    if (!key || key.length > 200) throw new UnauthenticatedError('A valid API key is required (X-Api-Key)');
    const [row] = await this.db.run({}, () =>
      this.db.query<{ tenant_id: string; city_id: string; city_path: string }>(
        `select tenant_id, city_id, city_path::text as city_path from work_order_intake_key_find($1)`,
        [hashKey(key)],
      ),
    );
    if (!row) throw new UnauthenticatedError('A valid API key is required (X-Api-Key)');
    return { tenantId: row.tenant_id, cityId: row.city_id, cityPath: row.city_path };
  }

  /** One order from the hotline's system, received at the city's node; the same number again writes nothing and answers the first. */
  async receive(key: string | undefined, body: unknown): Promise<{ id: string; created: boolean }> {
    const city = await this.cityOfKey(key);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw BadInputError.field('body', 'must be a JSON object');
    return this.db.run({ tenantId: city.tenantId, scope: [city.cityPath] }, async () => {
      const raw = body as Record<string, unknown>;
      const row: ImportRow = {};
      for (const [, k] of IMPORT_COLUMNS) {
        const v = raw[k];
        if (v === undefined || v === null) continue;
        if (typeof v !== 'string') throw BadInputError.field(k, 'must be a string');
        if (v.trim()) row[k] = v.trim();
      }
      const { input, problems } = await this.toInput(row, city.cityId);
      if (!input) throw new BadInputError(problems);
      const result = await this.writeOne(input, { id: city.cityId, path: city.cityPath }, null, null);
      if (result.problems) throw new BadInputError(result.problems);
      return { id: result.id!, created: Boolean(result.created) };
    });
  }
}
