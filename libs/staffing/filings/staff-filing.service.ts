import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, scopeOf } from '@access';
import { TenantService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { Page, PageInput } from '@platform/graphql/pagination';
import { FilingStatus, StaffChangeKind, StaffFiling, StaffFilingFilter } from './staff-filing.model';

interface FilingRow {
  id: string;
  station_id: string;
  staff_id: string;
  staff_name: string;
  kind: StaffChangeKind;
  change_date: string;
  due_on: string;
  filed_on: string | null;
  status: FilingStatus;
  org_path: string;
}

/** The status of a filing as of day $1 (`q.as_of`, see FROM), in SQL so lists can filter on it. */
const STATUS = `case when f.filed_on is null then (case when f.due_on < q.as_of then 'OVERDUE' else 'PENDING' end)
                     when f.filed_on > f.due_on then 'FILED_LATE' else 'FILED' end`;

const COLUMNS = `f.id, f.station_id, f.staff_id, m.name as staff_name, f.kind, to_char(f.change_date, 'YYYY-MM-DD') as change_date,
  to_char(f.due_on, 'YYYY-MM-DD') as due_on, to_char(f.filed_on, 'YYYY-MM-DD') as filed_on, ${STATUS} as status, f.org_path::text as org_path`;

/**
 * The as-of day $1 is joined here rather than named only in STATUS: a list's count query runs this
 * FROM with the same parameters but without the columns, and PostgreSQL refuses a parameter it
 * cannot type ("could not determine data type of parameter $1"), so unfiltered lists failed.
 */
const FROM = `from staff_filing f join staff_member m on m.tenant_id = f.tenant_id and m.id = f.staff_id cross join (select $1::date as as_of) q`;

function toModel(r: FilingRow): StaffFiling {
  return {
    id: r.id,
    stationId: r.station_id,
    staffId: r.staff_id,
    staffName: r.staff_name,
    kind: r.kind,
    changeDate: r.change_date,
    dueOn: r.due_on,
    filedOn: r.filed_on,
    status: r.status,
    path: r.org_path,
  };
}

@Injectable()
export class StaffFilingService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly tenants: TenantService,
  ) {}

  /**
   * Opens (or moves) the filing of a join or leave. The deadline is the policy's in force on the
   * day of the change; a filing already made for another date must be made again.
   */
  async recordChange(staff: { id: string; stationId: string; path: string }, kind: StaffChangeKind | 'JOIN' | 'LEAVE', changeDate: string): Promise<void> {
    await this.db.query(
      `insert into staff_filing (tenant_id, station_id, staff_id, org_path, kind, change_date, due_on)
       select app_tenant(), $1, $2, $3::ltree, $4, $5::date, $5::date + p.filing_deadline_days from staffing_policy_at($5::date) p
       on conflict (tenant_id, staff_id, kind) do update
         set change_date = excluded.change_date, due_on = excluded.due_on,
             filed_on = case when staff_filing.change_date = excluded.change_date then staff_filing.filed_on end,
             filed_by = case when staff_filing.change_date = excluded.change_date then staff_filing.filed_by end`,
      [staff.stationId, staff.id, staff.path, kind, changeDate],
    );
  }

  async list(actor: Actor, filter: StaffFilingFilter = {}, page?: PageInput, rootPath?: string): Promise<Page<StaffFiling>> {
    const asOf = filter.asOf ?? (await this.tenants.today());
    const f = new SqlFilter();
    f.param(asOf); // $1: the day deadlines are judged on, read in FROM
    filterByScope(f, scopeOf(actor, 'read', 'StaffFiling'), { path: `f.org_path` });
    if (rootPath) f.where((p) => `f.org_path <@ ${p}::ltree`, rootPath);
    if (filter.status) f.where((p) => `${STATUS} = ${p}`, filter.status);
    return pagedQuery<FilingRow, StaffFiling>(
      { select: COLUMNS, from: `${FROM} where ${f.sql}`, params: f.params, orderBy: 'f.due_on, f.org_path, m.name' },
      page,
      toModel,
    );
  }

  async file(actor: Actor, id: string, filedOn?: string): Promise<StaffFiling> {
    const today = await this.tenants.today();
    const [row] = await this.db.query<FilingRow>(`select ${COLUMNS} ${FROM} where f.id = $2`, [today, id]);
    if (!row) throw new NotFoundError('StaffFiling', id);
    this.access.assert(actor, 'update', 'StaffFiling', { id, path: row.org_path });
    const day = filedOn ?? today;
    if (day > today) throw BadInputError.field('filedOn', 'must not be in the future');
    await this.db.query(`update staff_filing set filed_on = $2, filed_by = $3 where id = $1`, [id, day, actor.id]);
    const [updated] = await this.db.query<FilingRow>(`select ${COLUMNS} ${FROM} where f.id = $2`, [today, id]);
    return toModel(updated);
  }
}
