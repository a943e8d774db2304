import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, ownedBy, Role, scopeOf } from '@access';
import { AccountsService } from '@accounts';
import { ServiceObjectService } from '@casework';
import { OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { CatalogService } from '../catalog/catalog.service';
import {
  CreateGroupInput,
  GROUP_STAGE_ORDER,
  GroupDetailsInput,
  GroupFilter,
  GroupMember,
  GroupMemberInput,
  GroupSession,
  GroupSessionInput,
  GroupStage,
  GroupWork,
  groupOwner,
} from './group.model';

registerUniqueField('uq_group_member_object', 'serviceObjectId', 'is already a member of this group');

interface GroupRow {
  id: string;
  station_id: string;
  name: string;
  goal: string;
  target_population: string | null;
  catalog_item_id: string | null;
  planned_sessions: number;
  start_date: string;
  end_date: string;
  stage: GroupStage;
  facilitator_ids: string[];
  voided_at: Date | null;
  void_reason: string | null;
  person_times: number;
  org_path: string;
  created_by: string;
}

interface SessionRow {
  id: string;
  group_id: string;
  session_date: string;
  duration_minutes: number;
  topic: string;
  record: string | null;
  attendee_ids: string[];
  voided_at: Date | null;
  void_reason: string | null;
  org_path: string;
  created_by: string;
  group_author_ids: string[];
}

const GROUP_COLUMNS = `g.id, g.station_id, g.name, g.goal, g.target_population, g.catalog_item_id, g.planned_sessions,
  to_char(g.start_date, 'YYYY-MM-DD') as start_date, to_char(g.end_date, 'YYYY-MM-DD') as end_date, g.stage, g.facilitator_ids,
  g.voided_at, g.void_reason, g.org_path::text as org_path, g.created_by,
  case when g.voided_at is not null then 0 else
    (select count(*)::int from session_attendance a join group_session s on s.tenant_id = a.tenant_id and s.id = a.session_id
      where s.tenant_id = g.tenant_id and s.group_id = g.id and s.voided_at is null) end as person_times`;

const SESSION_COLUMNS = `s.id, s.group_id, to_char(s.session_date, 'YYYY-MM-DD') as session_date, s.duration_minutes, s.topic, s.record,
  s.voided_at, s.void_reason, s.org_path::text as org_path, s.created_by,
  (select g.created_by || g.facilitator_ids from group_work g where g.tenant_id = s.tenant_id and g.id = s.group_id) as group_author_ids,
  array(select a.member_id from session_attendance a where a.tenant_id = s.tenant_id and a.session_id = s.id order by a.member_id) as attendee_ids`;

const toGroup = (r: GroupRow): GroupWork => ({
  id: r.id,
  stationId: r.station_id,
  name: r.name,
  goal: r.goal,
  targetPopulation: r.target_population,
  catalogItemId: r.catalog_item_id,
  plannedSessions: r.planned_sessions,
  startDate: r.start_date,
  endDate: r.end_date,
  stage: r.stage,
  facilitatorIds: r.facilitator_ids,
  voidedAt: r.voided_at,
  voidReason: r.void_reason,
  personTimes: r.person_times,
  path: r.org_path,
  authorIds: [r.created_by, ...r.facilitator_ids],
});

const toSession = (r: SessionRow): GroupSession => ({
  id: r.id,
  groupId: r.group_id,
  sessionDate: r.session_date,
  durationMinutes: r.duration_minutes,
  topic: r.topic,
  record: r.record,
  attendeeIds: r.attendee_ids,
  voidedAt: r.voided_at,
  voidReason: r.void_reason,
  path: r.org_path,
  authorIds: [r.created_by, ...r.group_author_ids],
});

/** Group work (小组): groups, members, sessions with attendance; person-times are attendances of sessions not voided. */
@Injectable()
export class GroupService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly stations: StationService,
    private readonly orgUnits: OrgUnitService,
    private readonly accounts: AccountsService,
    private readonly objects: ServiceObjectService,
    private readonly catalog: CatalogService,
  ) {}

  async get(actor: Actor, id: string): Promise<GroupWork> {
    const [row] = await this.db.query<GroupRow>(`select ${GROUP_COLUMNS} from group_work g where g.id = $1`, [id]);
    if (!row) throw new NotFoundError('GroupWork', id);
    this.access.assertVisible(actor, 'Activity', { id, path: row.org_path });
    return toGroup(row);
  }

  async list(actor: Actor, filter: GroupFilter = {}, page?: PageInput): Promise<Page<GroupWork>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'Activity'), { path: `g.org_path` });
    if (filter.rootId) f.where((p) => `g.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    if (!filter.includeVoided) f.whereRaw('g.voided_at is null');
    return pagedQuery<GroupRow, GroupWork>(
      { select: GROUP_COLUMNS, from: `from group_work g where ${f.sql}`, params: f.params, orderBy: 'g.start_date desc, g.id' },
      page,
      toGroup,
    );
  }

  async create(actor: Actor, input: CreateGroupInput): Promise<GroupWork> {
    const station = await this.stations.get(actor, input.stationId);
    this.access.assert(actor, 'create', 'Activity', { path: station.path });
    await this.checkDetails(input, station.path);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into group_work (tenant_id, station_id, org_path, name, goal, target_population, catalog_item_id, planned_sessions,
                               start_date, end_date, facilitator_ids, created_by)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [
        station.id,
        station.path,
        input.name,
        input.goal,
        input.targetPopulation ?? null,
        input.catalogItemId ?? null,
        input.plannedSessions,
        input.startDate,
        input.endDate,
        input.facilitatorIds,
        actor.id,
      ],
    );
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: GroupDetailsInput): Promise<GroupWork> {
    const group = await this.loadForChange(actor, id);
    await this.checkDetails(input, group.path, group.catalogItemId);
    const [{ outside }] = await this.db.query<{ outside: number }>(
      `select count(*)::int as outside from group_session where group_id = $1 and voided_at is null and (session_date < $2 or session_date > $3)`,
      [id, input.startDate, input.endDate],
    );
    if (outside) {
      const [{ before }] = await this.db.query<{ before: number }>(
        `select count(*)::int as before from group_session where group_id = $1 and voided_at is null and session_date < $2`,
        [id, input.startDate],
      );
      throw BadInputError.field(before ? 'startDate' : 'endDate', `${outside} session(s) would fall outside the group's new dates`);
    }
    await this.db.query(
      `update group_work set name = $2, goal = $3, target_population = $4, catalog_item_id = $5, planned_sessions = $6,
              start_date = $7, end_date = $8, facilitator_ids = $9, updated_at = now() where id = $1`,
      [
        id,
        input.name,
        input.goal,
        input.targetPopulation ?? null,
        input.catalogItemId ?? null,
        input.plannedSessions,
        input.startDate,
        input.endDate,
        input.facilitatorIds,
      ],
    );
    return this.get(actor, id);
  }

  /** Groups move through their stages in order; a stage may be skipped, never gone back to. */
  async setStage(actor: Actor, id: string, stage: GroupStage): Promise<GroupWork> {
    const group = await this.loadForChange(actor, id);
    if (GROUP_STAGE_ORDER.indexOf(stage) <= GROUP_STAGE_ORDER.indexOf(group.stage))
      throw new RuleViolatedError('group.stage-forward-only', `A group moves forward from ${group.stage}, not to ${stage}`);
    await this.db.query(`update group_work set stage = $2, updated_at = now() where id = $1`, [id, stage]);
    return this.get(actor, id);
  }

  async voidGroup(actor: Actor, id: string, reason: string): Promise<GroupWork> {
    await this.loadForChange(actor, id);
    await this.db.query(`update group_work set voided_at = now(), void_reason = $2, updated_at = now() where id = $1`, [id, reason]);
    return this.get(actor, id);
  }

  async addMember(actor: Actor, groupId: string, input: GroupMemberInput): Promise<GroupMember> {
    const group = await this.loadForChange(actor, groupId);
    if (input.serviceObjectId) await this.objects.loadVisible(actor, input.serviceObjectId);
    const [row] = await this.db.query<{ id: string; service_object_id: string | null; resident_name: string | null; joined_on: string }>(
      `insert into group_member (tenant_id, group_id, org_path, service_object_id, resident_name, joined_on)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5) returning id, service_object_id, resident_name, to_char(joined_on, 'YYYY-MM-DD') as joined_on`,
      [groupId, group.path, input.serviceObjectId ?? null, input.serviceObjectId ? null : input.residentName, input.joinedOn],
    );
    return ownedBy({ id: row.id, serviceObjectId: row.service_object_id, residentName: row.resident_name, joinedOn: row.joined_on }, groupOwner(group));
  }

  membersOf(groupId: string): Promise<GroupMember[]> {
    return this.db.request
      .loader<string, GroupMember[]>('activities.groupMembers', async (ids) => {
        const rows = await this.db.query<{ id: string; group_id: string; service_object_id: string | null; resident_name: string | null; joined_on: string }>(
          `select id, group_id, service_object_id, resident_name, to_char(joined_on, 'YYYY-MM-DD') as joined_on
             from group_member where group_id = any($1::uuid[]) order by joined_on, id`,
          [ids],
        );
        return ids.map((id) =>
          rows
            .filter((r) => r.group_id === id)
            .map((r) => ({ id: r.id, serviceObjectId: r.service_object_id, residentName: r.resident_name, joinedOn: r.joined_on })),
        );
      })
      .load(groupId);
  }

  sessionsOf(groupId: string): Promise<GroupSession[]> {
    return this.db.request
      .loader<string, GroupSession[]>('activities.groupSessions', async (ids) => {
        const rows = await this.db.query<SessionRow>(
          `select ${SESSION_COLUMNS} from group_session s where s.group_id = any($1::uuid[]) order by s.session_date, s.created_at`,
          [ids],
        );
        return ids.map((id) => rows.filter((r) => r.group_id === id).map(toSession));
      })
      .load(groupId);
  }

  async recordSession(actor: Actor, groupId: string, input: GroupSessionInput): Promise<GroupSession> {
    const group = await this.loadForChange(actor, groupId);
    await this.checkSession(group, input);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into group_session (tenant_id, group_id, org_path, session_date, duration_minutes, topic, record, created_by)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6, $7) returning id`,
      [groupId, group.path, input.sessionDate, input.durationMinutes, input.topic, input.record ?? null, actor.id],
    );
    await this.saveAttendance(id, group.path, input.attendeeIds);
    return this.session(id);
  }

  /** Replaces a session's details and attendance. */
  async correctSession(actor: Actor, sessionId: string, input: GroupSessionInput): Promise<GroupSession> {
    const { groupId } = await this.sessionToChange(actor, sessionId);
    const group = await this.loadForChange(actor, groupId, false);
    // Read under the group's lock, which voidGroupSession also takes: a void that committed meanwhile is seen.
    const session = await this.session(sessionId);
    if (session.voidedAt) throw new RuleViolatedError('activity.voided', 'A voided session is not corrected; record a new one');
    await this.checkSession(group, input);
    await this.db.query(`update group_session set session_date = $2, duration_minutes = $3, topic = $4, record = $5 where id = $1`, [
      sessionId,
      input.sessionDate,
      input.durationMinutes,
      input.topic,
      input.record ?? null,
    ]);
    await this.db.query(`delete from session_attendance where session_id = $1`, [sessionId]);
    await this.saveAttendance(sessionId, group.path, input.attendeeIds);
    return this.session(sessionId);
  }

  async voidSession(actor: Actor, sessionId: string, reason: string): Promise<GroupSession> {
    const session = await this.sessionToChange(actor, sessionId);
    await this.loadForChange(actor, session.groupId, false);
    const current = await this.session(sessionId);
    if (current.voidedAt) throw new RuleViolatedError('activity.voided', 'The session is already voided');
    await this.db.query(`update group_session set voided_at = now(), void_reason = $2 where id = $1`, [sessionId, reason]);
    return this.session(sessionId);
  }

  /** A session the actor may correct: recorded by them or in a group they lead, or any at the station for its head. */
  private async sessionToChange(actor: Actor, id: string): Promise<GroupSession> {
    const session = await this.session(id);
    this.access.assert(actor, 'correct', 'Activity', { id, path: session.path, authorIds: session.authorIds });
    return session;
  }

  private async session(id: string): Promise<GroupSession> {
    const [row] = await this.db.query<SessionRow>(`select ${SESSION_COLUMNS} from group_session s where s.id = $1`, [id]);
    if (!row) throw new NotFoundError('GroupSession', id);
    return toSession(row);
  }

  /**
   * A group to change, locked: its station head's, or its recorder's and facilitators' (see
   * GroupWork.authorIds). `asAuthor` false: the caller's right was checked on a session of it.
   */
  private async loadForChange(actor: Actor, id: string, asAuthor = true): Promise<GroupWork> {
    const seen = await this.get(actor, id);
    if (asAuthor) this.access.assert(actor, 'correct', 'Activity', { id, path: seen.path, authorIds: seen.authorIds });
    await this.db.query(`select 1 from group_work where id = $1 for update`, [id]);
    // Read again under the lock: a change that committed while we waited for it (a stage moved on,
    // the group voided) must not be undone by deciding on the state read before it.
    const group = await this.get(actor, id);
    if (group.voidedAt) throw new RuleViolatedError('activity.voided', 'The group is voided; it stays in the history unchanged');
    return group;
  }

  /** `keptItemId`: the item the group already carries, when updating one. */
  private async checkDetails(input: GroupDetailsInput, stationPath: string, keptItemId?: string | null): Promise<void> {
    if (input.endDate < input.startDate) throw BadInputError.field('endDate', 'must not be before startDate');
    // A retired item stays on the records it already tags: an update may keep it, not switch to it.
    if (input.catalogItemId !== keptItemId) await this.catalog.assertUsable(input.catalogItemId);
    for (const userId of input.facilitatorIds) {
      if (!(await this.accounts.holdsRoleCovering(userId, [Role.SOCIAL_WORKER, Role.STATION_HEAD], stationPath)))
        throw BadInputError.field('facilitatorIds', 'each facilitator must work at the station');
    }
  }

  private async checkSession(group: GroupWork, input: GroupSessionInput): Promise<void> {
    if (input.sessionDate < group.startDate || input.sessionDate > group.endDate)
      throw BadInputError.field('sessionDate', `must fall within the group's dates ${group.startDate} to ${group.endDate}`);
    if (!input.attendeeIds.length) return;
    const [{ members }] = await this.db.query<{ members: number }>(
      `select count(*)::int as members from group_member where group_id = $1 and id = any($2::uuid[])`,
      [group.id, input.attendeeIds],
    );
    if (members !== input.attendeeIds.length) throw BadInputError.field('attendeeIds', 'every attendee must be a member of this group');
  }

  private async saveAttendance(sessionId: string, path: string, memberIds: string[]): Promise<void> {
    if (!memberIds.length) return;
    await this.db.query(
      `insert into session_attendance (tenant_id, session_id, member_id, org_path)
       select app_tenant(), $1, m, $2::ltree from unnest($3::uuid[]) m`,
      [sessionId, path, memberIds],
    );
  }
}
