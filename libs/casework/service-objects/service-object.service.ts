import { randomUUID } from 'node:crypto';
import { AccessService, Actor, filterByScope, isWithin, scopeOf } from '@access';
import { Injectable } from '@nestjs/common';
import { CITY_TIME_ZONE, OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { containsPattern, pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { Gender } from '@platform/personal-data/gender';
import { birthDateOf } from '@platform/personal-data/identity-number';
import { AuditAction, AuditEntity } from '../audit/audit.model';
import { AuditService } from '../audit/audit.service';
import { DuplicateRegistrations } from '../audit/duplicate-registrations';
import { RegisterServiceObjectInput, ServiceObjectDetailsInput, ServiceObjectFilter } from './dto/service-object.input';
import { RiskLevel, ServiceCategory, ServiceObject } from './service-object.model';

/** One wording for the rule, whether the service's check or the database's (a race) finds the first file; it never says where that is. */
export const ALREADY_REGISTERED = 'This person is already registered in the city: one person, one file';
registerUniqueField('uq_service_object_id_number', 'idNumber', ALREADY_REGISTERED, 'CONFLICT');

interface ServiceObjectRow {
  id: string;
  station_id: string;
  community_id: string | null;
  name: string;
  gender: Gender;
  birth_date: string | null;
  id_number: string;
  phone: string | null;
  address: string | null;
  categories: ServiceCategory[];
  risk_level: RiskLevel;
  guardian_name: string | null;
  guardian_phone: string | null;
  guardian_relation: string | null;
  notes: string | null;
  created_at: Date;
  org_path: string;
  responsible_worker_ids: string[];
}

const COLUMNS = `s.id, s.station_id, s.community_id, s.name, s.gender, to_char(s.birth_date, 'YYYY-MM-DD') as birth_date, s.id_number,
  s.phone, s.address, s.categories, s.risk_level, s.guardian_name, s.guardian_phone, s.guardian_relation, s.notes, s.created_at,
  s.org_path::text as org_path,
  array(select distinct c.worker_id from case_file c
         where c.tenant_id = s.tenant_id and c.service_object_id = s.id and c.stage <> 'CLOSED') as responsible_worker_ids`;

@Injectable()
export class ServiceObjectService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly stations: StationService,
    private readonly orgUnits: OrgUnitService,
    private readonly audit: AuditService,
    private readonly duplicates: DuplicateRegistrations,
  ) {}

  /** A file as stored; what each caller sees of its personal fields is the revealer's to decide. */
  private toModel(r: ServiceObjectRow): ServiceObject {
    return {
      id: r.id,
      stationId: r.station_id,
      communityId: r.community_id,
      name: r.name,
      gender: r.gender,
      birthDate: r.birth_date,
      phone: r.phone,
      address: r.address,
      categories: r.categories,
      riskLevel: r.risk_level,
      emergencyContact: { name: r.guardian_name, phone: r.guardian_phone, relation: r.guardian_relation },
      notes: r.notes,
      idNumber: r.id_number,
      createdAt: r.created_at,
      path: r.org_path,
      responsibleWorkerIds: r.responsible_worker_ids,
    };
  }

  async get(actor: Actor, id: string): Promise<ServiceObject> {
    return this.toModel(await this.loadVisible(actor, id));
  }

  /** Each person's file for a list of case files, batched per request. Files the actor cannot see are null. */
  forCase(actor: Actor, id: string): Promise<ServiceObject | null> {
    return this.db.request
      .loader<string, ServiceObject | null>('casework.serviceObjects', async (ids) => {
        const rows = await this.db.query<ServiceObjectRow>(`select ${COLUMNS} from service_object s where s.id = any($1::uuid[])`, [ids]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => {
          const r = byId.get(i);
          return r && actor.can('read', 'ServiceObject', { id: r.id, path: r.org_path }) ? this.toModel(r) : null;
        });
      })
      .load(id);
  }

  async list(actor: Actor, filter: ServiceObjectFilter = {}, page?: PageInput): Promise<Page<ServiceObject>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'ServiceObject'), { path: `s.org_path` });
    if (filter.rootId) f.where((p) => `s.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    // Searching by what a caller may not see would confirm it: name and number only where details are visible.
    if (filter.search || filter.idNumberTail) filterByScope(f, scopeOf(actor, 'readPersonalDetails', 'ServiceObject'), { path: `s.org_path` });
    if (filter.search) f.where((p) => `s.name ilike ${p}`, containsPattern(filter.search));
    if (filter.idNumberTail) f.where((p) => `right(s.id_number, 4) = ${p}`, filter.idNumberTail);
    if (filter.category) f.where((p) => `s.categories @> array[${p}]::text[]`, filter.category);
    if (filter.riskLevel) f.where((p) => `s.risk_level = ${p}`, filter.riskLevel);
    if (filter.communityId) f.where((p) => `s.community_id = ${p}`, filter.communityId);
    return pagedQuery<ServiceObjectRow, ServiceObject>(
      { select: COLUMNS, from: `from service_object s where ${f.sql}`, params: f.params, orderBy: 's.org_path, s.name, s.id' },
      page,
      (r) => this.toModel(r),
    );
  }

  async register(actor: Actor, input: RegisterServiceObjectInput): Promise<ServiceObject> {
    const station = await this.stations.get(actor, input.stationId);
    this.access.assert(actor, 'create', 'ServiceObject', { path: station.path, responsibleWorkerIds: [] });
    await this.assertNotRegistered(actor, input.idNumber, station.path);
    const values = await this.checkDetails(actor, input, station.path);
    const id = randomUUID();
    await this.db.query(
      `insert into service_object (tenant_id, id, station_id, org_path, community_id, name, gender, birth_date, id_number, phone, address,
                                   categories, risk_level, guardian_name, guardian_phone, guardian_relation, notes, registered_by)
       values (app_tenant(), $1, $2, $3::ltree, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [id, station.id, station.path, ...values, actor.id],
    );
    await this.markRiskSince(id);
    await this.audit.changed(actor, { action: AuditAction.CREATE, entity: AuditEntity.SERVICE_OBJECT, entityId: id, path: station.path });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: ServiceObjectDetailsInput): Promise<ServiceObject> {
    const current = await this.loadVisible(actor, id);
    this.access.assert(actor, 'update', 'ServiceObject', { id, path: current.org_path, responsibleWorkerIds: current.responsible_worker_ids });
    if (input.idNumber !== current.id_number) await this.assertNotRegistered(actor, input.idNumber, current.org_path);
    const values = await this.checkDetails(actor, input, current.org_path);
    await this.db.query(
      `update service_object set community_id = $2, name = $3, gender = $4, birth_date = $5, id_number = $6, phone = $7, address = $8,
              categories = $9, risk_level = $10, guardian_name = $11, guardian_phone = $12, guardian_relation = $13, notes = $14,
              updated_at = now()
        where id = $1`,
      [id, ...values],
    );
    await this.markRiskSince(id);
    // Indices follow checkDetails' order: categories is values[7], riskLevel values[8] (they were read one
    // place off, so every update threw on `.join` of the risk level string and answered INTERNAL_SERVER_ERROR).
    const changed = Object.entries({
      communityId: [current.community_id, values[0]],
      name: [current.name, values[1]],
      idNumber: [current.id_number, values[4]],
      categories: [current.categories.join(), (values[7] as string[]).join()],
      riskLevel: [current.risk_level, values[8]],
    })
      .filter(([, [before, after]]) => (before ?? null) !== (after ?? null))
      .map(([field]) => field);
    await this.audit.changed(actor, {
      action: AuditAction.UPDATE,
      entity: AuditEntity.SERVICE_OBJECT,
      entityId: id,
      path: current.org_path,
      detail: { changed },
    });
    return this.get(actor, id);
  }

  /**
   * One person, one file in the city: a number already registered anywhere in it is a CONFLICT,
   * audited and limited per account and day (see DuplicateRegistrations). `path` is where the
   * caller is registering (or keeping) the file.
   */
  private async assertNotRegistered(actor: Actor, idNumber: string, path: string): Promise<void> {
    await this.duplicates.assertAllowed(actor);
    const [existing] = await this.db.query<{ id: string; org_path: string }>(`select id, org_path::text as org_path from service_object_by_id_number($1)`, [
      idNumber,
    ]);
    if (existing)
      throw this.duplicates.refuse(
        actor,
        'ServiceObject',
        { id: existing.id, path: existing.org_path, responsibleWorkerIds: [] },
        {
          entity: AuditEntity.SERVICE_OBJECT,
          path,
          message: ALREADY_REGISTERED,
        },
      );
  }

  /** Keeps the day a person became HIGH risk (visits are due from then), and clears it when they are not. */
  private async markRiskSince(id: string): Promise<void> {
    await this.db.query(
      `update service_object set risk_since = case when risk_level <> 'HIGH' then null
              else coalesce(risk_since, (now() at time zone ${CITY_TIME_ZONE})::date) end
        where id = $1`,
      [id],
    );
  }

  /** A file the actor may read, raw, for the case services. */
  async loadVisible(actor: Actor, id: string): Promise<ServiceObjectRow> {
    const [row] = await this.db.query<ServiceObjectRow>(`select ${COLUMNS} from service_object s where s.id = $1`, [id]);
    if (!row) throw new NotFoundError('ServiceObject', id);
    this.access.assertVisible(actor, 'ServiceObject', { id, path: row.org_path, responsibleWorkerIds: row.responsible_worker_ids });
    return row;
  }

  /** Checks a file's details against each other and the station; returns the column values in order. */
  private async checkDetails(actor: Actor, input: ServiceObjectDetailsInput, stationPath: string): Promise<unknown[]> {
    const birthDate = birthDateOf(input.idNumber);
    if (input.birthDate && input.birthDate !== birthDate)
      throw BadInputError.field('birthDate', `does not match the identity number, which gives ${birthDate}`);
    if (input.communityId) {
      const node = await this.orgUnits.findNode(input.communityId);
      if (!node || !isWithin(node.path, stationPath) || !actor.can('read', 'OrgUnit', { path: node.path }))
        throw BadInputError.field('communityId', 'must be a node within the station’s area');
    }
    const contact = input.emergencyContact ?? {};
    return [
      input.communityId ?? null,
      input.name,
      input.gender,
      birthDate,
      input.idNumber,
      input.phone ?? null,
      input.address ?? null,
      input.categories ?? [],
      input.riskLevel ?? RiskLevel.LOW,
      contact.name ?? null,
      contact.phone ?? null,
      contact.relation ?? null,
      input.notes ?? null,
    ];
  }
}
