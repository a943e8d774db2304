import { randomUUID } from 'node:crypto';
import { AccessService, Actor, filterByScope, scopeOf } from '@access';
import { Injectable } from '@nestjs/common';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { containsPattern, pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { StationFilter, StationInput } from './dto/station.input';
import { FunctionRoom, Station, StationStatus } from './station.model';

registerUniqueField('uq_station_org_unit', 'orgUnitId', 'this node already hosts a station');

interface StationRow {
  id: string;
  org_unit_id: string;
  name: string;
  address: string | null;
  floor_area_m2: string | null;
  opened_on: string | null;
  operating_agency: string | null;
  function_rooms: FunctionRoom[];
  status: StationStatus;
  org_path: string;
}

const COLUMNS = `id, org_unit_id, name, address, floor_area_m2, to_char(opened_on, 'YYYY-MM-DD') as opened_on,
  operating_agency, function_rooms, status, org_path::text as org_path`;

function toModel(r: StationRow): Station {
  return {
    id: r.id,
    orgUnitId: r.org_unit_id,
    name: r.name,
    address: r.address,
    floorAreaM2: r.floor_area_m2 === null ? null : Number(r.floor_area_m2),
    openedOn: r.opened_on,
    operatingAgency: r.operating_agency,
    functionRooms: r.function_rooms,
    status: r.status,
    path: r.org_path,
  };
}

@Injectable()
export class StationService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async get(actor: Actor, id: string): Promise<Station> {
    const [r] = await this.db.query<StationRow>(`select ${COLUMNS} from station where id = $1`, [id], { prepare: true });
    if (!r) throw new NotFoundError('Station', id);
    this.access.assertVisible(actor, 'Station', { id, path: r.org_path });
    return toModel(r);
  }

  /** The station of each node, batched per request: one query however many nodes a page shows. */
  forOrgUnit(orgUnitId: string): Promise<Station | null> {
    return this.db.request
      .loader<string, Station | null>('station.byOrgUnit', async (ids) => {
        const rows = await this.db.query<StationRow>(`select ${COLUMNS} from station where org_unit_id = any($1::uuid[])`, [ids]);
        const byNode = new Map(rows.map((r) => [r.org_unit_id, toModel(r)]));
        return ids.map((id) => byNode.get(id) ?? null);
      })
      .load(orgUnitId);
  }

  async list(actor: Actor, filter: StationFilter = {}, page?: PageInput, rootPath?: string): Promise<Page<Station>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'Station'), { path: `org_path` });
    if (rootPath) f.where((p) => `org_path <@ ${p}::ltree`, rootPath);
    if (filter.status) f.where((p) => `status = ${p}`, filter.status);
    if (filter.search) f.where((p) => `name ilike ${p}`, containsPattern(filter.search));
    return pagedQuery<StationRow, Station>({ select: COLUMNS, from: `from station where ${f.sql}`, params: f.params, orderBy: 'org_path' }, page, toModel);
  }

  /** Creates the station of a node the caller has already found visible. */
  async createFor(actor: Actor, node: { id: string; tenantId: string; path: string }, input: StationInput): Promise<Station> {
    this.access.assert(actor, 'create', 'Station', { path: node.path });
    const [{ taken }] = await this.db.query<{ taken: boolean }>(`select exists(select 1 from station where org_unit_id = $1) as taken`, [node.id]);
    if (taken) throw BadInputError.field('orgUnitId', 'this node already hosts a station');
    const [row] = await this.db.query<StationRow>(
      `insert into station (tenant_id, id, org_unit_id, org_path, name, address, floor_area_m2, opened_on, operating_agency, function_rooms, status)
       values ($1, $2, $3, $4::ltree, $5, $6, $7, $8, $9, $10, $11) returning ${COLUMNS}`,
      [
        node.tenantId,
        randomUUID(),
        node.id,
        node.path,
        input.name,
        input.address ?? null,
        input.floorAreaM2 ?? null,
        input.openedOn ?? null,
        input.operatingAgency ?? null,
        input.functionRooms ?? [],
        input.status ?? StationStatus.ACTIVE,
      ],
    );
    return toModel(row);
  }

  /** Replaces the station record's fields with `input`. */
  async update(actor: Actor, id: string, input: StationInput): Promise<Station> {
    const current = await this.get(actor, id);
    this.access.assert(actor, 'update', 'Station', { id, path: current.path });
    const [row] = await this.db.query<StationRow>(
      `update station set name = $2, address = $3, floor_area_m2 = $4, opened_on = $5, operating_agency = $6,
              function_rooms = $7, status = $8, updated_at = now()
        where id = $1 returning ${COLUMNS}`,
      [
        id,
        input.name,
        input.address ?? null,
        input.floorAreaM2 ?? null,
        input.openedOn ?? null,
        input.operatingAgency ?? null,
        input.functionRooms ?? [],
        input.status ?? current.status,
      ],
    );
    return toModel(row);
  }
}
