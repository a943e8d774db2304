import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, isWithin, outrightPaths, scopeOf } from '@access';
import { ServiceObjectService } from '@casework';
import { OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { Page, PageInput } from '@platform/graphql/pagination';
import { CatalogService } from '../catalog/catalog.service';
import {
  ActivityFilter,
  ActivityTotals,
  CommunityActivity,
  CommunityActivityDetailsInput,
  NamedParticipant,
  RecordCommunityActivityInput,
  VolunteerTime,
} from './community-activity.model';

interface ActivityRow {
  id: string;
  station_id: string;
  node_id: string;
  title: string;
  activity_date: string;
  place: string | null;
  catalog_item_id: string | null;
  participant_count: number;
  participants: NamedParticipant[];
  volunteers: VolunteerTime[];
  photos: string[];
  summary: string | null;
  voided_at: Date | null;
  void_reason: string | null;
  org_path: string;
  created_by: string;
}

const COLUMNS = `a.id, a.station_id, a.node_id, a.title, to_char(a.activity_date, 'YYYY-MM-DD') as activity_date, a.place, a.catalog_item_id,
  a.participant_count, a.participants, a.volunteers, a.photos, a.summary, a.voided_at, a.void_reason, a.org_path::text as org_path, a.created_by`;

const toActivity = (r: ActivityRow): CommunityActivity => ({
  id: r.id,
  stationId: r.station_id,
  nodeId: r.node_id,
  title: r.title,
  activityDate: r.activity_date,
  place: r.place,
  catalogItemId: r.catalog_item_id,
  participantCount: r.participant_count,
  participants: r.participants.map((p) => ({ name: p.name, serviceObjectId: p.serviceObjectId ?? null })),
  volunteers: r.volunteers,
  photos: r.photos,
  summary: r.summary,
  voidedAt: r.voided_at,
  voidReason: r.void_reason,
  path: r.org_path,
  authorIds: [r.created_by],
});

@Injectable()
export class CommunityActivityService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly stations: StationService,
    private readonly orgUnits: OrgUnitService,
    private readonly objects: ServiceObjectService,
    private readonly catalog: CatalogService,
  ) {}

  async get(actor: Actor, id: string): Promise<CommunityActivity> {
    const [row] = await this.db.query<ActivityRow>(`select ${COLUMNS} from community_activity a where a.id = $1`, [id]);
    if (!row) throw new NotFoundError('CommunityActivity', id);
    this.access.assertVisible(actor, 'Activity', { id, path: row.org_path });
    return toActivity(row);
  }

  async list(actor: Actor, filter: ActivityFilter = {}, page?: PageInput): Promise<Page<CommunityActivity>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'Activity'), { path: 'a.org_path' });
    if (filter.rootId) f.where((p) => `a.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    if (filter.from) f.where((p) => `a.activity_date >= ${p}::date`, filter.from);
    if (filter.to) f.where((p) => `a.activity_date <= ${p}::date`, filter.to);
    if (!filter.includeVoided) f.whereRaw('a.voided_at is null');
    if (filter.mine) f.where((p) => `a.created_by = ${p}`, actor.id);
    return pagedQuery<ActivityRow, CommunityActivity>(
      { select: COLUMNS, from: `from community_activity a where ${f.sql}`, params: f.params, orderBy: 'a.activity_date desc, a.id' },
      page,
      toActivity,
    );
  }

  async record(actor: Actor, input: RecordCommunityActivityInput): Promise<CommunityActivity> {
    const station = await this.stations.get(actor, input.stationId);
    this.access.assert(actor, 'create', 'Activity', { path: station.path });
    await this.check(actor, input, station.path);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into community_activity (tenant_id, station_id, org_path, node_id, title, activity_date, place, catalog_item_id, participant_count,
                                       participants, volunteers, photos, summary, created_by)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [station.id, station.path, ...this.values(input), actor.id],
    );
    return this.get(actor, id);
  }

  async correct(actor: Actor, id: string, input: CommunityActivityDetailsInput): Promise<CommunityActivity> {
    const current = await this.loadForChange(actor, id);
    await this.check(actor, input, current.path, current.catalogItemId);
    await this.db.query(
      `update community_activity set node_id = $2, title = $3, activity_date = $4, place = $5, catalog_item_id = $6, participant_count = $7,
              participants = $8, volunteers = $9, photos = $10, summary = $11, updated_at = now() where id = $1`,
      [id, ...this.values(input)],
    );
    return this.get(actor, id);
  }

  async voidActivity(actor: Actor, id: string, reason: string): Promise<CommunityActivity> {
    await this.loadForChange(actor, id);
    await this.db.query(`update community_activity set voided_at = now(), void_reason = $2, updated_at = now() where id = $1`, [id, reason]);
    return this.get(actor, id);
  }

  /**
   * Activity counts of a subtree over [from, to], from the records themselves, voided ones left
   * out: one query, whatever the size of the subtree.
   */
  async totals(actor: Actor, rootPath: string, from: string, to: string): Promise<ActivityTotals> {
    const [row] = await this.db.query<Omit<ActivityTotals, 'from' | 'to'>>(
      `select
         (select count(*)::int from group_session s where s.org_path <@ $1::ltree and s.org_path <@ $2::ltree[]
             and s.voided_at is null and s.session_date between $3::date and $4::date
             and exists (select 1 from group_work g where g.tenant_id = s.tenant_id and g.id = s.group_id and g.voided_at is null)) as "groupSessions",
         (select count(*)::int from session_attendance t join group_session s on s.tenant_id = t.tenant_id and s.id = t.session_id
             join group_work g on g.tenant_id = s.tenant_id and g.id = s.group_id
           where s.org_path <@ $1::ltree and s.org_path <@ $2::ltree[] and s.voided_at is null and g.voided_at is null
             and s.session_date between $3::date and $4::date) as "groupPersonTimes",
         (select count(*)::int from community_activity a where a.org_path <@ $1::ltree and a.org_path <@ $2::ltree[]
             and a.voided_at is null and a.activity_date between $3::date and $4::date) as "communityActivities",
         (select coalesce(sum(a.participant_count), 0)::int from community_activity a where a.org_path <@ $1::ltree and a.org_path <@ $2::ltree[]
             and a.voided_at is null and a.activity_date between $3::date and $4::date) as "communityPersonTimes",
         (select count(*)::int from home_visit v where v.org_path <@ $1::ltree and v.org_path <@ $2::ltree[]
             and v.voided_at is null and v.visit_date between $3::date and $4::date) as "homeVisits"`,
      [rootPath, outrightPaths(scopeOf(actor, 'read', 'Activity')), from, to],
    );
    return { from, to, ...row };
  }

  private async loadForChange(actor: Actor, id: string): Promise<CommunityActivity> {
    const seen = await this.get(actor, id);
    this.access.assert(actor, 'correct', 'Activity', { id, path: seen.path, authorIds: seen.authorIds });
    await this.db.query(`select 1 from community_activity where id = $1 for update`, [id]);
    // Read again under the lock: a void that committed while we waited for it must be seen.
    const current = await this.get(actor, id);
    if (current.voidedAt) throw new RuleViolatedError('activity.voided', 'The activity is voided; it stays in the history unchanged');
    return current;
  }

  /** `keptItemId`: the item the record already carries, when correcting one. */
  private async check(actor: Actor, input: CommunityActivityDetailsInput, stationPath: string, keptItemId?: string | null): Promise<void> {
    const node = await this.orgUnits.findNode(input.nodeId);
    if (!node || !isWithin(node.path, stationPath)) throw BadInputError.field('nodeId', 'must be the station’s node or one below it');
    if (input.participants.length > input.participantCount) throw BadInputError.field('participants', 'names more people than participantCount');
    // A retired item stays on the records it already tags: a correction may keep it, not switch to it.
    if (input.catalogItemId !== keptItemId) await this.catalog.assertUsable(input.catalogItemId);
    for (const p of input.participants) if (p.serviceObjectId) await this.objects.loadVisible(actor, p.serviceObjectId);
  }

  private values(input: CommunityActivityDetailsInput): unknown[] {
    return [
      input.nodeId,
      input.title,
      input.activityDate,
      input.place ?? null,
      input.catalogItemId ?? null,
      input.participantCount,
      JSON.stringify(input.participants.map((p) => ({ name: p.name, serviceObjectId: p.serviceObjectId ?? null }))),
      JSON.stringify(input.volunteers.map((v) => ({ name: v.name, hours: v.hours }))),
      input.photos,
      input.summary ?? null,
    ];
  }
}
