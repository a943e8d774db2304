import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, isWithin, outrightPaths, Role, scopeOf } from '@access';
import { AccountsService } from '@accounts';
import { AuditEntity, DuplicateRegistrations } from '@casework';
import { OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { containsPattern, pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { Gender } from '@platform/personal-data/gender';
import {
  RegisterVolunteerInput,
  Volunteer,
  VolunteerDetailsInput,
  VolunteerFilter,
  VolunteerGoalShortfall,
  VolunteerService,
  VolunteerServiceInput,
  VolunteerServiceSource,
  VolunteerStatus,
  VolunteerTeam,
  VolunteerTeamInput,
} from './volunteer.model';

/** One wording for the rule, whether the service's check or the database's (a race) finds the first registration; it never says where that is. */
export const ALREADY_VOLUNTEER = 'This person is already registered as a volunteer in the city';
registerUniqueField('uq_volunteer_id_number', 'idNumber', ALREADY_VOLUNTEER, 'CONFLICT');

interface VolunteerRow {
  id: string;
  station_id: string;
  node_id: string;
  developer_id: string | null;
  name: string;
  gender: Gender;
  id_number: string;
  phone: string | null;
  skills: string[];
  availability: string | null;
  registered_on: string;
  status: VolunteerStatus;
  org_path: string;
}

interface ServiceRow {
  id: string;
  volunteer_id: string;
  station_id: string;
  service_date: string;
  hours: string;
  source: VolunteerServiceSource;
  source_id: string | null;
  description: string | null;
  voided_at: Date | null;
  org_path: string;
  created_by: string;
}

const COLUMNS = `v.id, v.station_id, v.node_id, v.developer_id, v.name, v.gender, v.id_number, v.phone, v.skills, v.availability,
  to_char(v.registered_on, 'YYYY-MM-DD') as registered_on, v.status, v.org_path::text as org_path`;
const SERVICE_COLUMNS = `s.id, s.volunteer_id, s.station_id, to_char(s.service_date, 'YYYY-MM-DD') as service_date, s.hours::text as hours,
  s.source, s.source_id, s.description, s.voided_at, s.org_path::text as org_path, s.created_by`;

const toVolunteer = (r: VolunteerRow): Volunteer => ({
  id: r.id,
  stationId: r.station_id,
  nodeId: r.node_id,
  developerId: r.developer_id,
  name: r.name,
  gender: r.gender,
  phone: r.phone,
  skills: r.skills,
  availability: r.availability,
  registeredOn: r.registered_on,
  status: r.status,
  idNumber: r.id_number,
  path: r.org_path,
});

const toService = (r: ServiceRow): VolunteerService => ({
  id: r.id,
  volunteerId: r.volunteer_id,
  stationId: r.station_id,
  serviceDate: r.service_date,
  hours: r.hours,
  source: r.source,
  sourceId: r.source_id,
  description: r.description,
  voidedAt: r.voided_at,
  path: r.org_path,
  authorIds: [r.created_by],
});

/** Where each kind of source record lives, to check a service entry names one the caller can see. */
const SOURCE_TABLES: Record<Exclude<VolunteerServiceSource, VolunteerServiceSource.STANDALONE>, [string, string]> = {
  COMMUNITY_ACTIVITY: ['community_activity', 'activity_date'],
  GROUP_SESSION: ['group_session', 'session_date'],
  HOME_VISIT: ['home_visit', 'visit_date'],
};

@Injectable()
export class VolunteerRegistry {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly stations: StationService,
    private readonly orgUnits: OrgUnitService,
    private readonly accounts: AccountsService,
    private readonly duplicates: DuplicateRegistrations,
  ) {}

  async get(actor: Actor, id: string): Promise<Volunteer> {
    const [row] = await this.db.query<VolunteerRow>(`select ${COLUMNS} from volunteer v where v.id = $1`, [id]);
    if (!row) throw new NotFoundError('Volunteer', id);
    this.access.assertVisible(actor, 'Volunteer', { id, path: row.org_path, developerId: row.developer_id });
    return toVolunteer(row);
  }

  async list(actor: Actor, filter: VolunteerFilter = {}, page?: PageInput): Promise<Page<Volunteer>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'Volunteer'), { path: `v.org_path` });
    if (filter.rootId) f.where((p) => `v.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    // Searching by a name the caller sees masked would confirm it: only where names are shown in full.
    if (filter.search) filterByScope(f, scopeOf(actor, 'readPersonalDetails', 'Volunteer'), { path: `v.org_path` });
    if (filter.search) f.where((p) => `v.name ilike ${p}`, containsPattern(filter.search));
    if (filter.status) f.where((p) => `v.status = ${p}`, filter.status);
    if (filter.developerId) f.where((p) => `v.developer_id = ${p}`, filter.developerId);
    return pagedQuery<VolunteerRow, Volunteer>(
      { select: COLUMNS, from: `from volunteer v where ${f.sql}`, params: f.params, orderBy: 'v.org_path, v.name, v.id' },
      page,
      toVolunteer,
    );
  }

  async register(actor: Actor, input: RegisterVolunteerInput): Promise<Volunteer> {
    const station = await this.stations.get(actor, input.stationId);
    this.access.assert(actor, 'create', 'Volunteer', { path: station.path });
    await this.assertNotRegistered(actor, input.idNumber, station.path);
    await this.checkDetails(input, station.path);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into volunteer (tenant_id, station_id, org_path, node_id, developer_id, name, gender, id_number, phone, skills, availability, registered_on, status)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
      [station.id, station.path, ...this.values(input)],
    );
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: VolunteerDetailsInput): Promise<Volunteer> {
    const current = await this.get(actor, id);
    this.access.assert(actor, 'update', 'Volunteer', { id, path: current.path, developerId: current.developerId });
    if (input.idNumber !== current.idNumber) await this.assertNotRegistered(actor, input.idNumber, current.path);
    await this.checkDetails(input, current.path);
    await this.db.query(
      `update volunteer set node_id = $2, developer_id = $3, name = $4, gender = $5, id_number = $6, phone = $7, skills = $8, availability = $9,
              registered_on = $10, status = $11, updated_at = now() where id = $1`,
      [id, ...this.values(input)],
    );
    return this.get(actor, id);
  }

  /** One registration per person in the city: a number already registered is a CONFLICT, audited and limited (see DuplicateRegistrations). */
  private async assertNotRegistered(actor: Actor, idNumber: string, path: string): Promise<void> {
    await this.duplicates.assertAllowed(actor);
    const [existing] = await this.db.query<{ id: string; org_path: string }>(`select id, org_path::text as org_path from volunteer_by_id_number($1)`, [
      idNumber,
    ]);
    if (existing)
      throw this.duplicates.refuse(
        actor,
        'Volunteer',
        { id: existing.id, path: existing.org_path },
        {
          entity: AuditEntity.VOLUNTEER,
          path,
          message: ALREADY_VOLUNTEER,
        },
      );
  }

  /**
   * Records hours served. A volunteer's hours on one day add up to 24 at most: the volunteer's row
   * is locked first so two entries for the same day cannot both pass the check.
   */
  async recordService(actor: Actor, input: VolunteerServiceInput): Promise<VolunteerService> {
    const volunteer = await this.get(actor, input.volunteerId);
    this.access.assert(actor, 'update', 'Volunteer', { id: volunteer.id, path: volunteer.path, developerId: volunteer.developerId });
    if (Number(input.hours) <= 0) throw BadInputError.field('hours', 'must be more than 0');
    if (input.source === VolunteerServiceSource.STANDALONE) {
      if (input.sourceId) throw BadInputError.field('sourceId', 'a standalone service names no source record');
    } else {
      if (!input.sourceId) throw BadInputError.field('sourceId', `is required for ${input.source}`);
      const [table, dateColumn] = SOURCE_TABLES[input.source];
      const [source] = await this.db.query<{ day: string; org_path: string; voided: boolean }>(
        `select to_char(${dateColumn}, 'YYYY-MM-DD') as day, org_path::text as org_path, voided_at is not null as voided from ${table} where id = $1`,
        [input.sourceId],
      );
      if (!source || !actor.can('read', input.source === 'HOME_VISIT' ? 'HomeVisit' : 'Activity', { path: source.org_path }))
        throw BadInputError.field('sourceId', `no such ${input.source.toLowerCase().replace('_', ' ')} in your scope`);
      if (source.voided) throw BadInputError.field('sourceId', 'the source record is voided');
      if (source.day !== input.serviceDate) throw BadInputError.field('serviceDate', `must be the source record's date ${source.day}`);
    }
    await this.db.query(`select 1 from volunteer where id = $1 for update`, [volunteer.id]);
    const [{ total }] = await this.db.query<{ total: string }>(
      `select (coalesce(sum(hours), 0) + $3::numeric)::text as total from volunteer_service
        where volunteer_id = $1 and service_date = $2 and voided_at is null`,
      [volunteer.id, input.serviceDate, input.hours],
    );
    if (Number(total) > 24) throw BadInputError.field('hours', `would bring the volunteer’s hours on ${input.serviceDate} to ${total}, over 24`);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into volunteer_service (tenant_id, volunteer_id, station_id, org_path, service_date, hours, source, source_id, description, created_by)
       values (app_tenant(), $1, $2, $3::ltree, $4, $5::numeric, $6, $7, $8, $9) returning id`,
      [
        volunteer.id,
        volunteer.stationId,
        volunteer.path,
        input.serviceDate,
        input.hours,
        input.source,
        input.sourceId ?? null,
        input.description ?? null,
        actor.id,
      ],
    );
    const [row] = await this.db.query<ServiceRow>(`select ${SERVICE_COLUMNS} from volunteer_service s where s.id = $1`, [id]);
    return toService(row);
  }

  async voidService(actor: Actor, id: string, reason: string): Promise<VolunteerService> {
    const [row] = await this.db.query<ServiceRow>(`select ${SERVICE_COLUMNS} from volunteer_service s where s.id = $1`, [id]);
    if (!row) throw new NotFoundError('VolunteerService', id);
    // Whoever recorded the entry voids it, or the station head.
    this.access.assert(actor, 'correct', 'Volunteer', { id: row.id, path: row.org_path, authorIds: [row.created_by] });
    // Of two racing voids, the second finds nothing left to void.
    const [voided] = await this.db.query<ServiceRow>(
      `update volunteer_service s set voided_at = now(), void_reason = $2 where s.id = $1 and s.voided_at is null returning ${SERVICE_COLUMNS}`,
      [id, reason],
    );
    if (!voided) throw new RuleViolatedError('activity.voided', 'The entry is already voided');
    return toService(voided);
  }

  /** A volunteer's service entries over a period, oldest first (voided ones left out). */
  async services(actor: Actor, volunteerId: string, from?: string, to?: string): Promise<VolunteerService[]> {
    await this.get(actor, volunteerId);
    const rows = await this.db.query<ServiceRow>(
      `select ${SERVICE_COLUMNS} from volunteer_service s
        where s.volunteer_id = $1 and s.voided_at is null and ($2::date is null or s.service_date >= $2::date) and ($3::date is null or s.service_date <= $3::date)
        order by s.service_date, s.created_at`,
      [volunteerId, from ?? null, to ?? null],
    );
    return rows.map(toService);
  }

  /** Total hours of each volunteer over a period, summed exactly in SQL and batched per request. */
  hoursOf(volunteerId: string, from?: string, to?: string): Promise<string> {
    return this.db.request
      .loader<string, string>(`community.hours:${from ?? ''}:${to ?? ''}`, async (ids) => {
        const rows = await this.db.query<{ volunteer_id: string; hours: string }>(
          `select volunteer_id, sum(hours)::text as hours from volunteer_service
            where volunteer_id = any($1::uuid[]) and voided_at is null
              and ($2::date is null or service_date >= $2::date) and ($3::date is null or service_date <= $3::date)
            group by volunteer_id`,
          [ids, from ?? null, to ?? null],
        );
        const byId = new Map(rows.map((r) => [r.volunteer_id, r.hours]));
        return ids.map((id) => byId.get(id) ?? '0.00');
      })
      .load(volunteerId);
  }

  /** Hours served in a subtree over a period: one query, exact. */
  async subtreeHours(actor: Actor, rootPath: string, from: string, to: string): Promise<{ hours: string; volunteers: number; entries: number }> {
    const [row] = await this.db.query<{ hours: string; volunteers: number; entries: number }>(
      `select round(coalesce(sum(hours), 0), 2)::text as hours, count(distinct volunteer_id)::int as volunteers, count(*)::int as entries
         from volunteer_service where org_path <@ $1::ltree and org_path <@ $2::ltree[] and voided_at is null
          and service_date between $3::date and $4::date`,
      [rootPath, outrightPaths(scopeOf(actor, 'read', 'Volunteer')), from, to],
    );
    return row;
  }

  async createTeam(actor: Actor, input: VolunteerTeamInput): Promise<VolunteerTeam> {
    const station = await this.stations.get(actor, input.stationId);
    this.access.assert(actor, 'create', 'Volunteer', { path: station.path });
    if (input.memberIds.length) {
      const [{ n }] = await this.db.query<{ n: number }>(`select count(*)::int as n from volunteer where id = any($1::uuid[]) and org_path <@ $2::ltree`, [
        input.memberIds,
        station.path,
      ]);
      if (n !== input.memberIds.length) throw BadInputError.field('memberIds', 'every member must be a volunteer of this station');
    }
    const [row] = await this.db.query<{ id: string; station_id: string; name: string; member_ids: string[] }>(
      `insert into volunteer_team (tenant_id, station_id, org_path, name, member_ids) values (app_tenant(), $1, $2::ltree, $3, $4)
       returning id, station_id, name, member_ids`,
      [station.id, station.path, input.name, input.memberIds],
    );
    return { id: row.id, stationId: row.station_id, name: row.name, memberIds: row.member_ids };
  }

  async teams(actor: Actor, rootPath?: string): Promise<VolunteerTeam[]> {
    const rows = await this.db.query<{ id: string; station_id: string; name: string; member_ids: string[] }>(
      `select id, station_id, name, member_ids from volunteer_team where org_path <@ $1::ltree[] and ($2::ltree is null or org_path <@ $2::ltree) order by name`,
      [outrightPaths(scopeOf(actor, 'read', 'Volunteer')), rootPath ?? null],
    );
    return rows.map((r) => ({ id: r.id, stationId: r.station_id, name: r.name, memberIds: r.member_ids }));
  }

  /**
   * Social workers of a subtree with fewer active volunteers than the city's goal (Haining: 5),
   * counted in one query.
   */
  async goalShortfall(actor: Actor, rootPath: string): Promise<VolunteerGoalShortfall[]> {
    const rows = await this.db.query<{ worker_id: string; worker_name: string | null; worker_path: string; active: number; goal: number }>(
      `with goal as (select coalesce((select regular_volunteers_per_worker from community_policy), 5) as n),
       workers as (
         select distinct ra.user_id from role_assignment ra join user_account u on u.tenant_id = ra.tenant_id and u.id = ra.user_id
          where ra.role = 'SOCIAL_WORKER' and ra.org_path <@ $1::ltree and ra.org_path <@ $2::ltree[] and not u.disabled
       )
       select w.user_id as worker_id, u.display_name as worker_name, u.org_path::text as worker_path,
              (select count(*)::int from volunteer v where v.developer_id = w.user_id and v.status = 'ACTIVE') as active, g.n as goal
         from workers w cross join goal g left join user_account u on u.id = w.user_id
        where (select count(*) from volunteer v where v.developer_id = w.user_id and v.status = 'ACTIVE') < g.n
        order by active, worker_name`,
      [rootPath, outrightPaths(scopeOf(actor, 'read', 'Volunteer'))],
    );
    return rows.map((r) => ({ workerId: r.worker_id, workerName: r.worker_name, activeVolunteers: r.active, goal: r.goal, path: r.worker_path }));
  }

  /** The city's goal of regular volunteers per social worker (5 until it sets one). */
  async goal(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(`select coalesce((select regular_volunteers_per_worker from community_policy), 5)::int as n`);
    return rows[0].n;
  }

  async setGoal(actor: Actor, perWorker: number): Promise<number> {
    this.access.assert(actor, 'update', 'CommunityPolicy', { id: actor.tenantId ?? undefined });
    if (!Number.isInteger(perWorker) || perWorker < 0 || perWorker > 1000) throw BadInputError.field('perWorker', 'must be a whole number from 0 to 1000');
    await this.db.query(
      `insert into community_policy (tenant_id, regular_volunteers_per_worker) values (app_tenant(), $1)
       on conflict (tenant_id) do update set regular_volunteers_per_worker = excluded.regular_volunteers_per_worker, updated_at = now()`,
      [perWorker],
    );
    return perWorker;
  }

  private async checkDetails(input: VolunteerDetailsInput, stationPath: string): Promise<void> {
    const node = await this.orgUnits.findNode(input.nodeId);
    if (!node || !isWithin(node.path, stationPath)) throw BadInputError.field('nodeId', 'must be the station’s node or one below it');
    if (input.developerId && !(await this.accounts.holdsRoleCovering(input.developerId, [Role.SOCIAL_WORKER, Role.STATION_HEAD], stationPath)))
      throw BadInputError.field('developerId', 'must be a social worker of the station');
  }

  private values(input: VolunteerDetailsInput): unknown[] {
    return [
      input.nodeId,
      input.developerId ?? null,
      input.name,
      input.gender,
      input.idNumber,
      input.phone ?? null,
      input.skills,
      input.availability ?? null,
      input.registeredOn,
      input.status,
    ];
  }
}
