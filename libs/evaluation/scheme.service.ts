import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor } from '@access';
import { Db } from '@platform/database/db';
import { NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { RULE_MESSAGES } from '@platform/errors/rule-codes';
import { Page, PageInput, pageOf } from '@platform/graphql/pagination';
import { EvalDimension, EvalScheme, GradeBand, PeriodKind, RuleKind, SchemeInput, Scoring, ScoringKind } from './evaluation.model';
import { isEvalMetric, metricLabel } from './figures';
import { assertScheme, cents, decimal } from './scoring';

interface SchemeRow {
  id: string;
  family_id: string;
  version: number;
  name: string;
  period_kind: PeriodKind;
  station_levels: number[];
  total: string;
  grades: GradeBand[];
  frozen: boolean;
}

interface ItemRow {
  id: string;
  scheme_id: string;
  parent_id: string | null;
  level: number;
  code: string;
  name: string;
  max_score: string;
  rule_kind: RuleKind | null;
  metric: string | null;
  scoring: Scoring | null;
}

const SCHEME_COLUMNS = `s.id, s.family_id, s.version, s.name, s.period_kind, s.station_levels, s.total::text as total, s.grades, s.frozen_at is not null as frozen`;

/** One rule of a scheme as the sheets need it. */
export interface SchemeRule {
  id: string;
  dimensionId: string;
  kind: RuleKind;
  maxScore: string;
  metric: string | null;
  scoring: Scoring | null;
}

function tree(scheme: SchemeRow, items: ItemRow[]): EvalScheme {
  const children = new Map<string | null, ItemRow[]>();
  for (const i of items) children.set(i.parent_id, [...(children.get(i.parent_id) ?? []), i]);
  const sum = (rows: { maxScore: string }[]) => decimal(rows.reduce((n, r) => n + cents(r.maxScore), 0));
  const dimensions: EvalDimension[] = (children.get(null) ?? []).map((d) => {
    const indicators = (children.get(d.id) ?? []).map((ind) => {
      const rules = (children.get(ind.id) ?? []).map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        maxScore: r.max_score,
        kind: r.rule_kind!,
        metric: r.metric,
        metricLabel: metricLabel(r.metric),
        scoring: r.scoring ? { kind: r.scoring.kind, floor: r.scoring.floor ?? null, target: r.scoring.target ?? null, bands: r.scoring.bands ?? [] } : null,
      }));
      return { id: ind.id, code: ind.code, name: ind.name, maxScore: sum(rules), rules };
    });
    return { id: d.id, code: d.code, name: d.name, maxScore: sum(indicators), indicators };
  });
  return {
    id: scheme.id,
    familyId: scheme.family_id,
    version: scheme.version,
    name: scheme.name,
    periodKind: scheme.period_kind,
    stationLevels: scheme.station_levels,
    total: scheme.total,
    grades: scheme.grades,
    frozen: scheme.frozen,
    ruleCount: items.filter((i) => i.level === 3).length,
    dimensions,
  };
}

/** The scheme's rows as parallel arrays, for one insert of the whole tree. */
function itemRows(schemeId: string, input: SchemeInput) {
  const rows = { id: [] as string[], parent: [] as (string | null)[], level: [] as number[], ord: [] as number[], code: [] as string[] };
  const more = { name: [] as string[], max: [] as string[], kind: [] as (string | null)[], metric: [] as (string | null)[], scoring: [] as (string | null)[] };
  const push = (
    id: string,
    parent: string | null,
    level: number,
    ord: number,
    code: string,
    name: string,
    max: string,
    rule?: SchemeInput['dimensions'][0]['indicators'][0]['rules'][0],
  ) => {
    rows.id.push(id);
    rows.parent.push(parent);
    rows.level.push(level);
    rows.ord.push(ord);
    rows.code.push(code);
    more.name.push(name.trim());
    more.max.push(max);
    more.kind.push(rule?.kind ?? null);
    more.metric.push(rule?.kind === RuleKind.COMPUTED ? (rule.metric ?? null) : null);
    more.scoring.push(
      rule?.kind === RuleKind.COMPUTED && rule.scoring
        ? JSON.stringify({
            kind: rule.scoring.kind,
            floor: rule.scoring.kind === ScoringKind.LINEAR ? rule.scoring.floor : null,
            target: rule.scoring.kind === ScoringKind.LINEAR ? rule.scoring.target : null,
            bands: rule.scoring.kind === ScoringKind.BANDS ? (rule.scoring.bands ?? []).map((b) => ({ from: b.from, to: b.to ?? null, score: b.score })) : [],
          })
        : null,
    );
  };
  input.dimensions.forEach((d, i) => {
    const dId = randomUUID();
    const dRules = d.indicators.flatMap((x) => x.rules);
    push(dId, null, 1, i, `${i + 1}`, d.name, decimal(dRules.reduce((n, r) => n + cents(r.maxScore), 0)));
    d.indicators.forEach((ind, j) => {
      const iId = randomUUID();
      push(iId, dId, 2, j, `${i + 1}.${j + 1}`, ind.name, decimal(ind.rules.reduce((n, r) => n + cents(r.maxScore), 0)));
      ind.rules.forEach((r, k) => push(randomUUID(), iId, 3, k, `${i + 1}.${j + 1}.${k + 1}`, r.name, decimal(cents(r.maxScore)), r));
    });
  });
  return { schemeId, ...rows, ...more };
}

/** Inserts a scheme and its tree; the seed uses it too (through `query`). */
export async function insertScheme(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  input: SchemeInput,
  options: { familyId?: string; version?: number; createdBy?: string | null } = {},
): Promise<string> {
  assertScheme(input, isEvalMetric);
  const id = randomUUID();
  await query(
    `insert into eval_scheme (tenant_id, id, family_id, version, name, period_kind, station_levels, total, grades, created_by)
     values (app_tenant(), $1, $2, $3, $4, $5, $6::smallint[], $7::numeric, $8::jsonb, $9)`,
    [
      id,
      options.familyId ?? id,
      options.version ?? 1,
      input.name.trim(),
      input.periodKind,
      [...input.stationLevels].sort(),
      input.total,
      JSON.stringify(input.grades.map((g) => ({ name: g.name.trim(), min: decimal(cents(g.min)), max: decimal(cents(g.max)) }))),
      options.createdBy ?? null,
    ],
  );
  await insertItems(query, id, input);
  return id;
}

async function insertItems(query: (sql: string, params: unknown[]) => Promise<unknown>, schemeId: string, input: SchemeInput): Promise<void> {
  const r = itemRows(schemeId, input);
  // Parents first: the rows go in level order, so each parent exists when its children arrive.
  await query(
    `insert into eval_item (tenant_id, id, scheme_id, parent_id, level, ord, code, name, max_score, rule_kind, metric, scoring)
     select app_tenant(), t.id, $1, t.parent, t.level, t.ord, t.code, t.name, t.max::numeric, t.kind, t.metric, t.scoring::jsonb
       from unnest($2::uuid[], $3::uuid[], $4::smallint[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
            t(id, parent, level, ord, code, name, max, kind, metric, scoring)
      order by t.level`,
    [schemeId, r.id, r.parent, r.level, r.ord, r.code, r.name, r.max, r.kind, r.metric, r.scoring],
  );
}

/** A scheme as the input that would make it again (to copy it). */
export function inputOf(s: EvalScheme): SchemeInput {
  return {
    name: s.name,
    periodKind: s.periodKind,
    stationLevels: s.stationLevels,
    total: s.total,
    grades: s.grades.map((g) => ({ ...g })),
    dimensions: s.dimensions.map((d) => ({
      name: d.name,
      indicators: d.indicators.map((i) => ({
        name: i.name,
        rules: i.rules.map((r) => ({
          name: r.name,
          maxScore: r.maxScore,
          kind: r.kind,
          metric: r.metric,
          scoring: r.scoring ? { kind: r.scoring.kind, floor: r.scoring.floor, target: r.scoring.target, bands: r.scoring.bands } : null,
        })),
      })),
    })),
  };
}

@Injectable()
export class SchemeService {
  constructor(private readonly db: Db) {}

  async list(page?: PageInput): Promise<Page<EvalScheme>> {
    const { offset, limit } = pageOf(page);
    const [{ total }] = await this.db.query<{ total: number }>(`select count(*)::int as total from eval_scheme`);
    const rows = await this.db.query<SchemeRow>(`select ${SCHEME_COLUMNS} from eval_scheme s order by s.name, s.version desc limit $1 offset $2`, [
      limit,
      offset,
    ]);
    return { items: await this.withTrees(rows), total };
  }

  async get(id: string): Promise<EvalScheme> {
    const [row] = await this.db.query<SchemeRow>(`select ${SCHEME_COLUMNS} from eval_scheme s where s.id = $1`, [id]);
    if (!row) throw new NotFoundError('EvalScheme', id);
    return (await this.withTrees([row]))[0];
  }

  /** The rules of a scheme, with the dimension each lies under: one query. */
  async rules(schemeId: string): Promise<SchemeRule[]> {
    return this.db.request.once(`evaluation.rules:${schemeId}`, () =>
      this.db.query<SchemeRule>(
        `select r.id, i.parent_id as "dimensionId", r.rule_kind as kind, r.max_score::text as "maxScore", r.metric, r.scoring
           from eval_item r join eval_item i on i.tenant_id = r.tenant_id and i.id = r.parent_id
          where r.scheme_id = $1 and r.level = 3 order by r.code`,
        [schemeId],
      ),
    );
  }

  async create(actor: Actor, input: SchemeInput): Promise<EvalScheme> {
    const id = await insertScheme((sql, params) => this.db.query(sql, params), input, { createdBy: actor.id });
    return this.get(id);
  }

  /** Replaces an unfrozen scheme's tree and settings; a scheme a round uses is frozen. */
  async update(actor: Actor, id: string, input: SchemeInput): Promise<EvalScheme> {
    const [row] = await this.db.query<{ frozen: boolean }>(`select frozen_at is not null as frozen from eval_scheme where id = $1 for update`, [id]);
    if (!row) throw new NotFoundError('EvalScheme', id);
    if (row.frozen) throw new RuleViolatedError('evaluation.scheme-frozen', RULE_MESSAGES['evaluation.scheme-frozen']);
    assertScheme(input, isEvalMetric);
    await this.db.query(
      `update eval_scheme set name = $2, period_kind = $3, station_levels = $4::smallint[], total = $5::numeric, grades = $6::jsonb, updated_at = now() where id = $1`,
      [
        id,
        input.name.trim(),
        input.periodKind,
        [...input.stationLevels].sort(),
        input.total,
        JSON.stringify(input.grades.map((g) => ({ name: g.name.trim(), min: decimal(cents(g.min)), max: decimal(cents(g.max)) }))),
      ],
    );
    await this.db.query(`delete from eval_item where scheme_id = $1`, [id]);
    await insertItems((sql, params) => this.db.query(sql, params), id, input);
    void actor;
    return this.get(id);
  }

  /** A copy: the next version of the same scheme (for the next period), or, given a name, a new scheme of the city. */
  async copy(actor: Actor, id: string, name?: string | null): Promise<EvalScheme> {
    const source = await this.get(id);
    const input = { ...inputOf(source), name: name?.trim() || source.name };
    if (name) return this.get(await insertScheme((sql, params) => this.db.query(sql, params), input, { createdBy: actor.id }));
    // The family's row of the latest version is locked, so two copies at once number versions in turn.
    const [{ version }] = await this.db.query<{ version: number }>(
      `select max(version)::int as version from (select version from eval_scheme where family_id = $1 for update) v`,
      [source.familyId],
    );
    const newId = await insertScheme((sql, params) => this.db.query(sql, params), input, {
      familyId: source.familyId,
      version: version + 1,
      createdBy: actor.id,
    });
    return this.get(newId);
  }

  /** Freezes a scheme for a round (idempotent), holding its row until the request ends. */
  async freeze(id: string): Promise<void> {
    await this.db.query(`update eval_scheme set frozen_at = coalesce(frozen_at, now()) where id = $1`, [id]);
  }

  private async withTrees(rows: SchemeRow[]): Promise<EvalScheme[]> {
    if (!rows.length) return [];
    const items = await this.db.query<ItemRow>(
      `select id, scheme_id, parent_id, level, code, name, max_score::text as max_score, rule_kind, metric, scoring
         from eval_item where scheme_id = any($1::uuid[]) order by level, ord`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) =>
      tree(
        r,
        items.filter((i) => i.scheme_id === r.id),
      ),
    );
  }
}
