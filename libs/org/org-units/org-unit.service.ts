import { randomUUID } from 'node:crypto';
import { AccessService, Actor, filterByScope, outrightPaths, scopeOf } from '@access';
import { Injectable } from '@nestjs/common';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { containsPattern, pagedQuery, startsWithPattern } from '@platform/database/paged-query';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { StationService } from '../stations/station.service';
import { CreateOrgUnitInput, OrgUnitFilter, UpdateOrgUnitInput } from './dto/org-unit.input';
import { divisionCodeProblem } from './division-code';
import { LEVEL_NUMBER, LEVEL_OF, OrgUnit } from './org-unit.model';

registerUniqueField('uq_org_unit_code', 'code', 'is already used by another node of this city');

interface OrgUnitRow {
  id: string;
  tenant_id: string;
  parent_id: string | null;
  level: number;
  code: string;
  name: string;
  path: string;
  created_at: Date;
}

const COLUMNS = `id, tenant_id, parent_id, level, code, name, path::text as path, created_at`;

/** A node as other modules need it for scoping their own records. */
export interface OrgNode {
  id: string;
  tenantId: string;
  level: number;
  code: string;
  name: string;
  path: string;
}

function toModel(r: OrgUnitRow): OrgUnit {
  return { id: r.id, parentId: r.parent_id, level: LEVEL_OF[r.level], code: r.code, name: r.name, createdAt: r.created_at, path: r.path };
}

/** ltree path label for a node id: the uuid's hex digits (labels allow no hyphen). */
export function pathLabel(id: string): string {
  return id.replace(/-/g, '');
}

@Injectable()
export class OrgUnitService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly stations: StationService,
  ) {}

  /** A node visible to the current request (row-level security), or undefined. */
  async findNode(id: string): Promise<OrgNode | undefined> {
    const [r] = await this.db.query<OrgUnitRow>(`select ${COLUMNS} from org_unit where id = $1`, [id]);
    return r && { id: r.id, tenantId: r.tenant_id, level: r.level, code: r.code, name: r.name, path: r.path };
  }

  /** A node the actor may read; NOT_FOUND otherwise, whether it exists elsewhere or not. */
  async get(actor: Actor, id: string): Promise<OrgUnit> {
    const [r] = await this.db.query<OrgUnitRow>(`select ${COLUMNS} from org_unit where id = $1`, [id], { prepare: true });
    if (!r) throw new NotFoundError('OrgUnit', id);
    this.access.assertVisible(actor, 'OrgUnit', { id, path: r.path });
    return toModel(r);
  }

  async children(actor: Actor, parentId: string, page?: PageInput): Promise<Page<OrgUnit>> {
    await this.get(actor, parentId);
    return pagedQuery<OrgUnitRow, OrgUnit>(
      {
        select: COLUMNS,
        from: `from org_unit where parent_id = $1 and path <@ $2::ltree[]`,
        params: [parentId, outrightPaths(scopeOf(actor, 'read', 'OrgUnit'))],
        orderBy: 'code',
      },
      page,
      toModel,
    );
  }

  /** The subtree of `rootId` (or all the actor can read), optionally by name/code and level. */
  async search(actor: Actor, filter: OrgUnitFilter = {}, page?: PageInput): Promise<Page<OrgUnit>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'OrgUnit'), { path: `path` });
    if (filter.rootId) f.where((p) => `path <@ ${p}::ltree`, (await this.get(actor, filter.rootId)).path);
    if (filter.level) f.where((p) => `level = ${p}`, LEVEL_NUMBER[filter.level]);
    if (filter.search) f.whereRaw(`(name ilike ${f.param(containsPattern(filter.search))} or code like ${f.param(startsWithPattern(filter.search))})`);
    return pagedQuery<OrgUnitRow, OrgUnit>({ select: COLUMNS, from: `from org_unit where ${f.sql}`, params: f.params, orderBy: 'level, code' }, page, toModel);
  }

  async create(actor: Actor, input: CreateOrgUnitInput): Promise<OrgUnit> {
    const parent = await this.get(actor, input.parentId);
    const id = randomUUID();
    const path = `${parent.path}.${pathLabel(id)}`;
    this.access.assert(actor, 'create', 'OrgUnit', { path });
    const level = LEVEL_NUMBER[parent.level] + 1;
    if (level > 4) throw BadInputError.field('parentId', 'a village/community node cannot have children');
    const codeProblem = divisionCodeProblem(level, input.code, { level: LEVEL_NUMBER[parent.level], code: parent.code });
    if (codeProblem) throw BadInputError.field('code', codeProblem);
    await this.assertCodeFree(input.code);
    const tenantId = actor.tenantId!;
    const [row] = await this.db.query<OrgUnitRow>(
      `insert into org_unit (tenant_id, id, parent_id, level, code, name, path)
       values ($1, $2, $3, $4, $5, $6, $7::ltree) returning ${COLUMNS}`,
      [tenantId, id, parent.id, level, input.code, input.name, path],
    );
    if (input.station) await this.stations.createFor(actor, { id, tenantId, path }, input.station);
    return toModel(row);
  }

  /**
   * Creates a tenant's city node with a given id. The caller (tenant provisioning) has set the new
   * tenant and the scope `pathLabel(id)` so row-level security admits the row.
   */
  async createCity(tenantId: string, id: string, code: string, name: string): Promise<OrgNode> {
    const problem = divisionCodeProblem(1, code);
    if (problem) throw BadInputError.field('cityCode', problem);
    const path = pathLabel(id);
    await this.db.query(`insert into org_unit (tenant_id, id, parent_id, level, code, name, path) values ($1, $2, null, 1, $3, $4, $5::ltree)`, [
      tenantId,
      id,
      code,
      name,
      path,
    ]);
    return { id, tenantId, level: 1, code, name, path };
  }

  async update(actor: Actor, id: string, input: UpdateOrgUnitInput): Promise<OrgUnit> {
    const node = await this.get(actor, id);
    this.access.assert(actor, 'update', 'OrgUnit', { id, path: node.path });
    const [row] = await this.db.query<OrgUnitRow>(`update org_unit set name = $2, updated_at = now() where id = $1 returning ${COLUMNS}`, [id, input.name]);
    return toModel(row);
  }

  private async assertCodeFree(code: string): Promise<void> {
    // Nodes outside the caller's scope are invisible here; the unique constraint still refuses those.
    const [{ taken }] = await this.db.query<{ taken: boolean }>(`select exists(select 1 from org_unit where code = $1) as taken`, [code]);
    if (taken) throw BadInputError.field('code', 'is already used by another node of this city');
  }
}
