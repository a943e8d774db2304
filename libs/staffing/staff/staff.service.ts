import { randomUUID } from 'node:crypto';
import { AccessService, Actor, filterByScope, scopeOf } from '@access';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '@accounts';
import { StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { containsPattern, pagedQuery } from '@platform/database/paged-query';
import { BadInputError, ConflictError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { StaffFilingService } from '../filings/staff-filing.service';
import { AddStaffMemberInput, EndStaffMemberInput, StaffDetailsInput, StaffFilter } from './dto/staff.input';
import { Education, EmploymentType, Gender, StaffMember, StaffPosition } from './staff.model';

/** One wording for the rule, from the service's check and from the database's (a race between two requests). */
export const ALREADY_ON_ROSTER = 'This person is already on the roster of this station';
registerUniqueField('uq_staff_member_person', 'idNumber', ALREADY_ON_ROSTER, 'CONFLICT');

interface StaffRow {
  id: string;
  station_id: string;
  name: string;
  gender: Gender;
  phone: string | null;
  id_number: string;
  education: Education | null;
  employment_type: EmploymentType;
  position: StaffPosition;
  employer_agency: string | null;
  start_date: string;
  end_date: string | null;
  end_reason: string | null;
  user_id: string | null;
  org_path: string;
}

const COLUMNS = `m.id, m.station_id, m.name, m.gender, m.phone, m.id_number, m.education, m.employment_type, m.position,
  m.employer_agency, to_char(m.start_date, 'YYYY-MM-DD') as start_date, to_char(m.end_date, 'YYYY-MM-DD') as end_date,
  m.end_reason, m.user_id, m.org_path::text as org_path`;

@Injectable()
export class StaffService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly stations: StationService,
    private readonly accounts: AccountsService,
    private readonly filings: StaffFilingService,
  ) {}

  /** A roster entry as stored; what each caller sees of its personal fields is the revealer's to decide. */
  private toModel(r: StaffRow): StaffMember {
    const idNumber = r.id_number;
    return {
      id: r.id,
      stationId: r.station_id,
      name: r.name,
      gender: r.gender,
      phone: r.phone,
      idNumber,
      education: r.education,
      employmentType: r.employment_type,
      position: r.position,
      employerAgency: r.employer_agency,
      startDate: r.start_date,
      endDate: r.end_date,
      endReason: r.end_reason,
      userId: r.user_id,
      path: r.org_path,
    };
  }

  async get(actor: Actor, id: string): Promise<StaffMember> {
    return this.toModel(await this.loadVisible(actor, id));
  }

  async list(actor: Actor, filter: StaffFilter = {}, page?: PageInput, rootPath?: string): Promise<Page<StaffMember>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'StaffMember'), { path: `m.org_path` });
    if (rootPath) f.where((p) => `m.org_path <@ ${p}::ltree`, rootPath);
    if (filter.activeOn) f.where((p) => `m.start_date <= ${p}::date and (m.end_date is null or m.end_date >= ${p}::date)`, filter.activeOn);
    // Searching by a name the caller sees masked would confirm it: only where names are shown in full.
    if (filter.search) filterByScope(f, scopeOf(actor, 'readPersonalDetails', 'StaffMember'), { path: `m.org_path` });
    if (filter.search) f.where((p) => `m.name ilike ${p}`, containsPattern(filter.search));
    return pagedQuery<StaffRow, StaffMember>(
      { select: COLUMNS, from: `from staff_member m where ${f.sql}`, params: f.params, orderBy: 'm.org_path, m.start_date, m.name' },
      page,
      (r) => this.toModel(r),
    );
  }

  async add(actor: Actor, input: AddStaffMemberInput): Promise<StaffMember> {
    const station = await this.stations.get(actor, input.stationId);
    this.access.assert(actor, 'create', 'StaffMember', { path: station.path });
    await this.lockStation(station.id);
    await this.checkDetails(actor, input);
    await this.assertNotOnRoster(station.id, input.idNumber);
    const id = randomUUID();
    await this.db.query(
      `insert into staff_member (tenant_id, id, station_id, org_path, name, gender, phone, id_number, education, employment_type,
                                 position, employer_agency, start_date, user_id)
       values (app_tenant(), $1, $2, $3::ltree, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        station.id,
        station.path,
        input.name,
        input.gender,
        input.phone ?? null,
        input.idNumber,
        input.education ?? null,
        input.employmentType,
        input.position,
        input.employerAgency ?? null,
        input.startDate,
        input.userId ?? null,
      ],
    );
    await this.filings.recordChange({ id, stationId: station.id, path: station.path }, 'JOIN', input.startDate);
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: StaffDetailsInput): Promise<StaffMember> {
    const current = await this.loadVisible(actor, id);
    this.access.assert(actor, 'update', 'StaffMember', { id, path: current.org_path });
    await this.lockStation(current.station_id);
    await this.checkDetails(actor, input);
    if (!current.end_date) await this.assertNotOnRoster(current.station_id, input.idNumber, id);
    if (current.end_date && input.startDate > current.end_date) throw BadInputError.field('startDate', `must not be after the end date ${current.end_date}`);
    await this.db.query(
      `update staff_member set name = $2, gender = $3, phone = $4, id_number = $5, education = $6, employment_type = $7,
              position = $8, employer_agency = $9, start_date = $10, user_id = $11, updated_at = now() where id = $1`,
      [
        id,
        input.name,
        input.gender,
        input.phone ?? null,
        input.idNumber,
        input.education ?? null,
        input.employmentType,
        input.position,
        input.employerAgency ?? null,
        input.startDate,
        input.userId ?? null,
      ],
    );
    if (input.startDate !== current.start_date)
      await this.filings.recordChange({ id, stationId: current.station_id, path: current.org_path }, 'JOIN', input.startDate);
    return this.get(actor, id);
  }

  /**
   * Takes a member off the roster from the day after `endDate`, and opens the leaving filing. Once
   * only: ending someone already off the roster would move the end date and reopen a leaving
   * filing already made, losing its history, so it is refused.
   */
  async end(actor: Actor, id: string, input: EndStaffMemberInput): Promise<StaffMember> {
    const current = await this.loadVisible(actor, id);
    this.access.assert(actor, 'update', 'StaffMember', { id, path: current.org_path });
    await this.lockStation(current.station_id);
    // Read again under the station's lock: an end that committed while we waited must be seen.
    const [{ end_date: ended }] = await this.db.query<{ end_date: string | null }>(
      `select to_char(end_date, 'YYYY-MM-DD') as end_date from staff_member where id = $1`,
      [id],
    );
    if (ended)
      throw new RuleViolatedError('staff.already-ended', `This person left the roster on ${ended}; their leaving, and its filing, stand as recorded`, {
        endDate: ended,
      });
    if (input.endDate < current.start_date) throw BadInputError.field('endDate', `must not be before the start date ${current.start_date}`);
    await this.db.query(`update staff_member set end_date = $2, end_reason = $3, updated_at = now() where id = $1`, [id, input.endDate, input.reason ?? null]);
    await this.filings.recordChange({ id, stationId: current.station_id, path: current.org_path }, 'LEAVE', input.endDate);
    return this.get(actor, id);
  }

  /** One person is on a station's roster once at a time: a second entry is a CONFLICT pointing to the first. */
  private async assertNotOnRoster(stationId: string, idNumber: string, exceptId?: string): Promise<void> {
    const [existing] = await this.db.query<{ id: string }>(
      `select id from staff_member where station_id = $1 and id_number = $2 and end_date is null and id is distinct from $3::uuid`,
      [stationId, idNumber, exceptId ?? null],
    );
    // The caller may change the station's roster, so may read its members: the id is theirs to see.
    if (existing) throw new ConflictError(ALREADY_ON_ROSTER, { field: 'idNumber', existingId: existing.id });
  }

  /** A staff member the actor may read, with its path, for other staffing services. */
  async loadVisible(actor: Actor, id: string): Promise<StaffRow> {
    const [row] = await this.db.query<StaffRow>(`select ${COLUMNS} from staff_member m where m.id = $1`, [id]);
    if (!row) throw new NotFoundError('StaffMember', id);
    this.access.assertVisible(actor, 'StaffMember', { id, path: row.org_path });
    return row;
  }

  /**
   * Roster changes of one station run one at a time: each takes the station's row lock first,
   * so concurrent changes queue instead of judging the roster from stale reads.
   */
  async lockStation(stationId: string): Promise<void> {
    await this.db.query(`select 1 from station where id = $1 for update`, [stationId]);
  }

  private async checkDetails(actor: Actor, input: StaffDetailsInput): Promise<void> {
    if (input.userId) {
      try {
        await this.accounts.get(actor, input.userId);
      } catch (e) {
        if (e instanceof NotFoundError) throw BadInputError.field('userId', 'no such user account in your scope');
        throw e;
      }
    }
  }
}
