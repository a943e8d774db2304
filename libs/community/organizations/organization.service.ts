import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, isWithin, outrightPaths, scopeOf } from '@access';
import { OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import {
  LegalStatus,
  OrganizationCounts,
  OrganizationFilter,
  OrganizationInput,
  OrganizationStatus,
  OrganizationType,
  SocialOrganization,
} from './organization.model';

registerUniqueField('uq_social_organization_name', 'name', 'is already the name of an organization in this city');

interface OrgRow {
  id: string;
  node_id: string;
  name: string;
  type: OrganizationType;
  legal_status: LegalStatus;
  credit_code: string | null;
  leader: string | null;
  contact_phone: string | null;
  member_count: number;
  founded_on: string | null;
  cultivating_station_id: string | null;
  cultivated_since: string | null;
  status: OrganizationStatus;
  org_path: string;
}

const COLUMNS = `o.id, o.node_id, o.name, o.type, o.legal_status, o.credit_code, o.leader, o.contact_phone, o.member_count,
  to_char(o.founded_on, 'YYYY-MM-DD') as founded_on, o.cultivating_station_id, to_char(o.cultivated_since, 'YYYY-MM-DD') as cultivated_since,
  o.status, o.org_path::text as org_path`;

const toOrg = (r: OrgRow): SocialOrganization => ({
  id: r.id,
  nodeId: r.node_id,
  name: r.name,
  type: r.type,
  legalStatus: r.legal_status,
  creditCode: r.credit_code,
  leader: r.leader,
  contactPhone: r.contact_phone,
  memberCount: r.member_count,
  foundedOn: r.founded_on,
  cultivatingStationId: r.cultivating_station_id,
  cultivatedSince: r.cultivated_since,
  status: r.status,
  path: r.org_path,
});

@Injectable()
export class OrganizationService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitService,
    private readonly stations: StationService,
  ) {}

  async get(actor: Actor, id: string): Promise<SocialOrganization> {
    const [row] = await this.db.query<OrgRow>(`select ${COLUMNS} from social_organization o where o.id = $1`, [id]);
    if (!row) throw new NotFoundError('SocialOrganization', id);
    this.access.assertVisible(actor, 'SocialOrganization', { id, path: row.org_path });
    return toOrg(row);
  }

  async list(actor: Actor, filter: OrganizationFilter = {}, page?: PageInput): Promise<Page<SocialOrganization>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'SocialOrganization'), { path: `o.org_path` });
    if (filter.rootId) f.where((p) => `o.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    if (filter.type) f.where((p) => `o.type = ${p}`, filter.type);
    if (filter.cultivated !== undefined) f.whereRaw(filter.cultivated ? 'o.cultivated_since is not null' : 'o.cultivated_since is null');
    return pagedQuery<OrgRow, SocialOrganization>(
      { select: COLUMNS, from: `from social_organization o where ${f.sql}`, params: f.params, orderBy: 'o.org_path, o.name' },
      page,
      toOrg,
    );
  }

  async create(actor: Actor, input: OrganizationInput): Promise<SocialOrganization> {
    const node = await this.orgUnits.get(actor, input.nodeId);
    this.access.assert(actor, 'create', 'SocialOrganization', { path: node.path });
    await this.check(actor, input, node.path);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into social_organization (tenant_id, node_id, org_path, name, type, legal_status, credit_code, leader, contact_phone, member_count,
                                        founded_on, cultivating_station_id, cultivated_since, status)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [node.id, node.path, ...this.values(input)],
    );
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: OrganizationInput): Promise<SocialOrganization> {
    const current = await this.get(actor, id);
    this.access.assert(actor, 'update', 'SocialOrganization', { id, path: current.path });
    const node = await this.orgUnits.get(actor, input.nodeId);
    this.access.assert(actor, 'update', 'SocialOrganization', { id, path: node.path });
    await this.check(actor, input, node.path);
    await this.db.query(
      `update social_organization set node_id = $2, org_path = $3::ltree, name = $4, type = $5, legal_status = $6, credit_code = $7, leader = $8,
              contact_phone = $9, member_count = $10, founded_on = $11, cultivating_station_id = $12, cultivated_since = $13, status = $14,
              updated_at = now() where id = $1`,
      [id, node.id, node.path, ...this.values(input)],
    );
    return this.get(actor, id);
  }

  /** Records that organizations took part in (were mobilized by) a community activity. */
  async mobilize(actor: Actor, activity: { id: string; path: string }, organizationIds: string[]): Promise<void> {
    for (const orgId of organizationIds) await this.get(actor, orgId);
    await this.db.query(
      `insert into organization_mobilization (tenant_id, organization_id, activity_id, org_path)
       select app_tenant(), o, $1, $2::ltree from unnest($3::uuid[]) o on conflict do nothing`,
      [activity.id, activity.path, organizationIds],
    );
  }

  /** Mobilized and newly cultivated organizations of a subtree over a period, in one query. */
  async counts(actor: Actor, rootPath: string, from: string, to: string): Promise<OrganizationCounts> {
    const [row] = await this.db.query<OrganizationCounts>(
      `select
         (select count(distinct m.organization_id)::int from organization_mobilization m
            join community_activity a on a.tenant_id = m.tenant_id and a.id = m.activity_id
           where m.org_path <@ $1::ltree and m.org_path <@ $2::ltree[] and a.voided_at is null and a.activity_date between $3::date and $4::date) as mobilized,
         (select count(*)::int from social_organization o
           where o.org_path <@ $1::ltree and o.org_path <@ $2::ltree[] and o.cultivated_since between $3::date and $4::date) as "newlyCultivated"`,
      [rootPath, outrightPaths(scopeOf(actor, 'read', 'SocialOrganization')), from, to],
    );
    return row;
  }

  private async check(actor: Actor, input: OrganizationInput, nodePath: string): Promise<void> {
    if (input.legalStatus === LegalStatus.REGISTERED && !input.creditCode)
      throw BadInputError.field('creditCode', 'is required for an organization registered with the civil-affairs bureau');
    if (input.legalStatus === LegalStatus.FILED && input.creditCode) throw BadInputError.field('creditCode', 'belongs to registered organizations only');
    if (Boolean(input.cultivatingStationId) !== Boolean(input.cultivatedSince))
      throw BadInputError.field('cultivatedSince', 'give both the cultivating station and the date cultivation began, or neither');
    if (input.cultivatingStationId) {
      const station = await this.stations.get(actor, input.cultivatingStationId);
      if (!isWithin(nodePath, station.path) && !isWithin(station.path, nodePath))
        throw BadInputError.field('cultivatingStationId', 'must be a station of the area the organization serves');
    }
  }

  private values(input: OrganizationInput): unknown[] {
    return [
      input.name,
      input.type,
      input.legalStatus,
      input.creditCode ?? null,
      input.leader ?? null,
      input.contactPhone ?? null,
      input.memberCount,
      input.foundedOn ?? null,
      input.cultivatingStationId ?? null,
      input.cultivatedSince ?? null,
      input.status,
    ];
  }
}
