import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, isWithin, Role, scopeOf } from '@access';
import { AccountsService } from '@accounts';
import { OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, ConflictError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { RULE_MESSAGES, RuleCode } from '@platform/errors/rule-codes';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import {
  DimensionScore,
  EvalEvidence,
  EvalLogEntry,
  EvalResult,
  EvalRound,
  EvalScore,
  EvalSheet,
  GradeBand,
  PeriodKind,
  RoundInput,
  RoundStatus,
  RuleKind,
  SaveScoresInput,
  SheetFilter,
  SheetStage,
  StationGrade,
  EvidenceInput,
  YearRow,
} from './evaluation.model';
import { evidenceType } from './evidence';
import { FigureReader } from './figures';
import { SchemeRule, SchemeService } from './scheme.service';
import { cents, decimal, gradeOf, scoreOf } from './scoring';

registerUniqueField('uq_eval_round_period', 'year', 'a round of this scheme already covers this period for this area', 'CONFLICT');

/** Declared once, shown with every ranking. */
export const TIE_BREAK = '总分相同时，依次比较方案中各维度得分（按维度顺序，高者在前）；仍相同时按站点区划代码升序排列';

const fail = (rule: RuleCode) => new RuleViolatedError(rule, RULE_MESSAGES[rule]);

/** Who holds a sheet at each stage, and where it goes when they submit it. */
const HOLDER: Partial<Record<SheetStage, Role>> = {
  [SheetStage.SELF]: Role.STATION_HEAD,
  [SheetStage.DISTRICT_REVIEW]: Role.DISTRICT_OFFICER,
  [SheetStage.THIRD_PARTY]: Role.EVALUATOR,
  [SheetStage.CONFIRMED]: Role.CITY_ADMIN,
};

interface RoundRow {
  id: string;
  scheme_id: string;
  name: string;
  period_kind: PeriodKind;
  year: number;
  quarter: number | null;
  period_start: string;
  period_end: string;
  root_id: string;
  org_path: string;
  status: RoundStatus;
  sheet_count: number;
  confirmed_count: number;
}

const ROUND_COLUMNS = `r.id, r.scheme_id, r.name, r.period_kind, r.year, r.quarter, to_char(r.period_start, 'YYYY-MM-DD') as period_start,
  to_char(r.period_end, 'YYYY-MM-DD') as period_end, r.root_id, r.org_path::text as org_path, r.status,
  (select count(*)::int from eval_sheet x where x.tenant_id = r.tenant_id and x.round_id = r.id) as sheet_count,
  (select count(*)::int from eval_sheet x where x.tenant_id = r.tenant_id and x.round_id = r.id and x.stage in ('CONFIRMED', 'PUBLISHED')) as confirmed_count`;

export const periodLabel = (year: number, quarter: number | null) => (quarter ? `${year}年第${quarter}季度` : `${year}年度`);

const toRound = (r: RoundRow): EvalRound => ({
  id: r.id,
  schemeId: r.scheme_id,
  name: r.name,
  periodKind: r.period_kind,
  year: r.year,
  quarter: r.quarter,
  periodLabel: periodLabel(r.year, r.quarter),
  periodStart: r.period_start,
  periodEnd: r.period_end,
  rootId: r.root_id,
  status: r.status,
  sheetCount: r.sheet_count,
  confirmedCount: r.confirmed_count,
  tieBreak: TIE_BREAK,
  path: r.org_path,
});

interface SheetRow {
  id: string;
  round_id: string;
  station_id: string;
  station_name: string;
  station_code: string;
  stage: SheetStage;
  version: number;
  returned_reason: string | null;
  total: string;
  org_path: string;
  scheme_id: string;
  grades: GradeBand[];
  evaluator_ids: string[];
}

/** The evaluators assigned to a sheet's station in its round: what the EVALUATOR grant's condition reads. */
const EVALUATORS = `array(select a.user_id from eval_assignment a where a.tenant_id = sh.tenant_id and a.round_id = sh.round_id and a.station_id = sh.station_id)`;

const SHEET_COLUMNS = `sh.id, sh.round_id, sh.station_id, s.name as station_name, o.code as station_code, sh.stage, sh.version, sh.returned_reason,
  sh.total::text as total, sh.org_path::text as org_path, r.scheme_id, sc.grades, ${EVALUATORS}::text[] as evaluator_ids`;

const SHEET_FROM = `from eval_sheet sh
  join station s on s.tenant_id = sh.tenant_id and s.id = sh.station_id
  join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
  join eval_round r on r.tenant_id = sh.tenant_id and r.id = sh.round_id
  join eval_scheme sc on sc.tenant_id = r.tenant_id and sc.id = r.scheme_id`;

const toSheet = (r: SheetRow): EvalSheet => ({
  id: r.id,
  roundId: r.round_id,
  stationId: r.station_id,
  stationName: r.station_name,
  stationCode: r.station_code,
  stage: r.stage,
  version: r.version,
  returnedReason: r.returned_reason,
  total: r.total,
  grade: gradeOf(r.grades, cents(r.total)),
  path: r.org_path,
  schemeId: r.scheme_id,
});

const sheetSubject = (r: SheetRow) => ({ id: r.id, path: r.org_path, evaluatorIds: r.evaluator_ids });

function quarterRange(year: number, quarter: number | null): { from: string; to: string } {
  if (!quarter) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const first = (quarter - 1) * 3 + 1;
  const last = new Date(Date.UTC(year, first + 2, 0)).getUTCDate();
  return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: `${year}-${String(first + 2).padStart(2, '0')}-${last}` };
}

@Injectable()
export class EvaluationService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitService,
    private readonly stations: StationService,
    private readonly accounts: AccountsService,
    private readonly schemes: SchemeService,
    private readonly figures: FigureReader,
  ) {}

  // ------------------------------------------------------------------ rounds

  async round(id: string): Promise<EvalRound> {
    const [row] = await this.db.query<RoundRow>(`select ${ROUND_COLUMNS} from eval_round r where r.id = $1`, [id]);
    if (!row) throw new NotFoundError('EvalRound', id);
    return toRound(row);
  }

  async rounds(page?: PageInput): Promise<Page<EvalRound>> {
    return pagedQuery<RoundRow, EvalRound>(
      { select: ROUND_COLUMNS, from: `from eval_round r`, params: [], orderBy: 'r.period_start desc, r.name' },
      page,
      toRound,
    );
  }

  /**
   * Opens a round: one sheet per active station of the subtree whose node level the scheme
   * applies to, every computed rule scored from the platform's figures, and the scheme frozen.
   */
  async createRound(actor: Actor, input: RoundInput): Promise<EvalRound> {
    const scheme = await this.schemes.get(input.schemeId);
    if ((scheme.periodKind === PeriodKind.QUARTER) !== (input.quarter != null)) throw fail('evaluation.period-kind');
    const root = input.rootId
      ? await this.orgUnits.get(actor, input.rootId)
      : (await this.db.query<{ id: string; path: string }>(`select id, path::text as path from org_unit where level = 1`))[0];
    const { from, to } = quarterRange(input.year, input.quarter ?? null);
    await this.schemes.freeze(scheme.id);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into eval_round (tenant_id, scheme_id, name, period_kind, year, quarter, period_start, period_end, root_id, org_path, created_by)
       values (app_tenant(), $1, $2, $3, $4, $5, $6::date, $7::date, $8, $9::ltree, $10) returning id`,
      [scheme.id, input.name.trim(), scheme.periodKind, input.year, input.quarter ?? null, from, to, root.id, root.path, actor.id],
    );
    const sheets = await this.db.query<{ id: string }>(
      `insert into eval_sheet (tenant_id, round_id, station_id, org_path)
       select s.tenant_id, $1, s.id, s.org_path from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
        where s.org_path <@ $2::ltree and o.level = any($3::smallint[]) and s.status = 'ACTIVE'
       returning id`,
      [id, root.path, scheme.stationLevels],
    );
    if (!sheets.length) throw fail('evaluation.no-stations');
    await this.db.query(
      `insert into eval_score (tenant_id, sheet_id, item_id, org_path)
       select sh.tenant_id, sh.id, i.id, sh.org_path from eval_sheet sh join eval_item i on i.tenant_id = sh.tenant_id and i.scheme_id = $2 and i.level = 3
        where sh.round_id = $1`,
      [id, scheme.id],
    );
    await this.recompute(actor, id, null);
    return this.round(id);
  }

  /** Grants a third-party evaluator the EVALUATOR role on some stations of a round, and assigns them. */
  async assignEvaluator(actor: Actor, roundId: string, userId: string, stationIds: string[]): Promise<EvalRound> {
    const round = await this.round(roundId);
    if (round.status === RoundStatus.PUBLISHED) throw fail('evaluation.round-published');
    const rows = await this.db.query<{ station_id: string; org_path: string; org_unit_id: string }>(
      `select sh.station_id, sh.org_path::text as org_path, s.org_unit_id from eval_sheet sh join station s on s.tenant_id = sh.tenant_id and s.id = sh.station_id
        where sh.round_id = $1 and sh.station_id = any($2::uuid[])`,
      [roundId, stationIds],
    );
    if (rows.length !== new Set(stationIds).size) throw BadInputError.field('stationIds', 'every station must have a sheet in this round');
    for (const r of rows)
      if (!(await this.accounts.holdsRoleCovering(userId, [Role.EVALUATOR], r.org_path)))
        await this.accounts.grant(actor, { userId, role: Role.EVALUATOR, orgUnitId: r.org_unit_id });
    await this.db.query(
      `insert into eval_assignment (tenant_id, round_id, station_id, user_id, org_path)
       select app_tenant(), $1, t.station, $2, t.path::ltree from unnest($3::uuid[], $4::text[]) t(station, path) on conflict do nothing`,
      [roundId, userId, rows.map((r) => r.station_id), rows.map((r) => r.org_path)],
    );
    return this.round(roundId);
  }

  // ------------------------------------------------------------------ sheets

  async sheet(actor: Actor, id: string): Promise<EvalSheet> {
    return toSheet(await this.loadSheet(actor, id));
  }

  async sheets(actor: Actor, filter: SheetFilter = {}, page?: PageInput): Promise<Page<EvalSheet>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'EvalSheet'), { path: 'sh.org_path', evaluatorIds: { anyOf: EVALUATORS } });
    if (filter.roundId) f.where((p) => `sh.round_id = ${p}`, filter.roundId);
    if (filter.stage) f.where((p) => `sh.stage = ${p}`, filter.stage);
    if (filter.rootId) f.where((p) => `sh.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    return pagedQuery<SheetRow, EvalSheet>(
      { select: SHEET_COLUMNS, from: `${SHEET_FROM} where ${f.sql}`, params: f.params, orderBy: 'r.period_start desc, o.code' },
      page,
      toSheet,
    );
  }

  /** Scores of sheets, batched per request. */
  scores(sheetId: string): Promise<EvalScore[]> {
    return this.db.request
      .loader<string, EvalScore[]>('evaluation.scores', async (ids) => {
        const rows = await this.db.query<EvalScore & { sheetId: string }>(
          `select x.sheet_id as "sheetId", x.item_id as "ruleId", x.score::text as score, x.figure::text as figure, x.note, i.rule_kind = 'COMPUTED' as computed
             from eval_score x join eval_item i on i.tenant_id = x.tenant_id and i.id = x.item_id
            where x.sheet_id = any($1::uuid[]) order by i.code`,
          [ids],
        );
        return ids.map((id) => rows.filter((r) => r.sheetId === id).map(({ sheetId: _, ...s }) => s));
      })
      .load(sheetId);
  }

  async dimensions(sheet: EvalSheet): Promise<DimensionScore[]> {
    const scheme = await this.schemes.get(sheet.schemeId);
    const scores = new Map((await this.scores(sheet.id)).map((s) => [s.ruleId, cents(s.score ?? 0)]));
    return scheme.dimensions.map((d) => ({
      dimensionId: d.id,
      name: d.name,
      maxScore: d.maxScore,
      score: decimal(d.indicators.flatMap((i) => i.rules).reduce((n, r) => n + (scores.get(r.id) ?? 0), 0)),
    }));
  }

  async log(sheetId: string): Promise<EvalLogEntry[]> {
    return this.db.query<EvalLogEntry>(
      `select id, kind, item_id as "ruleId", from_score::text as "fromScore", to_score::text as "toScore", from_stage as "fromStage",
              to_stage as "toStage", reason, actor_id as "actorId", actor_role as "actorRole", at
         from eval_sheet_log where sheet_id = $1 order by at, id`,
      [sheetId],
    );
  }

  /**
   * Saves scores of manual rules by whoever holds the sheet at its stage. The version sent must be
   * the sheet's: the first of two racing saves moves it on, the second answers CONFLICT and writes
   * nothing. Every change is logged (who, when, from, to, why).
   */
  async saveScores(actor: Actor, input: SaveScoresInput): Promise<EvalSheet> {
    const row = await this.loadSheet(actor, input.sheetId);
    const role = this.assertHolder(actor, row);
    const rules = new Map((await this.schemes.rules(row.scheme_id)).map((r) => [r.id, r]));
    const seen = new Set<string>();
    input.scores.forEach((s, i) => {
      const rule = rules.get(s.ruleId);
      if (!rule) throw BadInputError.field(`scores[${i}].ruleId`, "is not a rule of this sheet's scheme");
      if (seen.has(s.ruleId)) throw BadInputError.field(`scores[${i}].ruleId`, 'is given twice');
      seen.add(s.ruleId);
      if (rule.kind === RuleKind.COMPUTED) throw fail('evaluation.computed-rule');
      if (s.score != null && cents(s.score) > cents(rule.maxScore))
        throw BadInputError.field(`scores[${i}].score`, `must not exceed the rule's maximum of ${rule.maxScore}`);
    });
    await this.bump(row, input.version);
    const before = new Map(
      (
        await this.db.query<{ item_id: string; score: string | null }>(
          `select item_id, score::text as score from eval_score where sheet_id = $1 and item_id = any($2::uuid[])`,
          [row.id, input.scores.map((s) => s.ruleId)],
        )
      ).map((r) => [r.item_id, r.score]),
    );
    const scored = input.scores.map((s) => ({ ...s, score: s.score == null ? null : decimal(cents(s.score)) }));
    await this.db.query(
      `update eval_score x set score = t.score::numeric, note = nullif(btrim(t.note), ''), updated_by = $2, updated_at = now()
         from unnest($3::uuid[], $4::text[], $5::text[]) t(item, score, note) where x.sheet_id = $1 and x.item_id = t.item`,
      [row.id, actor.id, scored.map((s) => s.ruleId), scored.map((s) => s.score), scored.map((s) => s.note ?? null)],
    );
    const changed = scored.filter((s) => (before.get(s.ruleId) ?? null) !== s.score);
    await this.db.query(
      `insert into eval_sheet_log (tenant_id, sheet_id, org_path, kind, item_id, from_score, to_score, from_stage, to_stage, reason, actor_id, actor_role)
       select app_tenant(), $1, $2::ltree, 'SCORE', t.item, t.from_score::numeric, t.to_score::numeric, $3, $3, nullif(btrim(t.reason), ''), $4, $5
         from unnest($6::uuid[], $7::text[], $8::text[], $9::text[]) t(item, from_score, to_score, reason)`,
      [
        row.id,
        row.org_path,
        row.stage,
        actor.id,
        role,
        changed.map((s) => s.ruleId),
        changed.map((s) => before.get(s.ruleId) ?? null),
        changed.map((s) => s.score),
        changed.map((s) => s.reason ?? null),
      ],
    );
    await this.retotal([row.id]);
    return this.sheet(actor, row.id);
  }

  /** Hands the sheet on: self → district review → third party (if evaluators are assigned) → confirmed. */
  async submit(actor: Actor, sheetId: string, version: number): Promise<EvalSheet> {
    const row = await this.loadSheet(actor, sheetId);
    const role = this.assertHolder(actor, row);
    if (row.stage === SheetStage.CONFIRMED) throw fail('evaluation.wrong-stage');
    const [{ open }] = await this.db.query<{ open: number }>(
      `select count(*)::int as open from eval_score x join eval_item i on i.tenant_id = x.tenant_id and i.id = x.item_id
        where x.sheet_id = $1 and i.rule_kind = 'MANUAL' and x.score is null`,
      [row.id],
    );
    if (open) throw fail('evaluation.scores-incomplete');
    await this.bump(row, version);
    const next =
      row.stage === SheetStage.SELF
        ? SheetStage.DISTRICT_REVIEW
        : row.stage === SheetStage.DISTRICT_REVIEW && row.evaluator_ids.length
          ? SheetStage.THIRD_PARTY
          : SheetStage.CONFIRMED;
    await this.recompute(actor, row.round_id, [row.id]);
    await this.move(actor, role, row, next, 'SUBMIT', null);
    return this.sheet(actor, row.id);
  }

  /** Sends a sheet back to the station for rework, with the reasons; any reviewer may, as often as needed. */
  async returnForRework(actor: Actor, sheetId: string, version: number, reason: string): Promise<EvalSheet> {
    const row = await this.loadSheet(actor, sheetId);
    const role = this.assertHolder(actor, row);
    if (row.stage === SheetStage.SELF) throw fail('evaluation.wrong-stage');
    const why = reason.trim();
    if (!why) throw BadInputError.field('reason', 'say why the sheet goes back for rework');
    await this.bump(row, version);
    await this.move(actor, role, row, SheetStage.SELF, 'RETURN', why);
    return this.sheet(actor, row.id);
  }

  // ------------------------------------------------------------------ publication and results

  /**
   * Publishes a round whose every sheet the city has confirmed: totals, per-dimension scores and
   * grades are written with each station's rank in the city and its district (TIE_BREAK) and its
   * change from the previous published period of the same scheme.
   */
  async publish(actor: Actor, roundId: string): Promise<EvalRound> {
    const [locked] = await this.db.query<{ status: RoundStatus }>(`select status from eval_round where id = $1 for update`, [roundId]);
    if (!locked) throw new NotFoundError('EvalRound', roundId);
    if (locked.status === RoundStatus.PUBLISHED) throw fail('evaluation.round-published');
    const round = await this.round(roundId);
    const [{ waiting }] = await this.db.query<{ waiting: number }>(
      `select count(*)::int as waiting from eval_sheet where round_id = $1 and stage <> 'CONFIRMED'`,
      [roundId],
    );
    if (waiting) throw fail('evaluation.round-not-confirmed');
    const scheme = await this.schemes.get(round.schemeId);
    const dimScores = await this.db.query<{
      station_id: string;
      station_code: string;
      station_name: string;
      district_name: string;
      org_path: string;
      dimension_id: string;
      score: string;
    }>(
      `select sh.station_id, o.code as station_code, s.name as station_name, d.name as district_name, sh.org_path::text as org_path,
              ind.parent_id as dimension_id, coalesce(sum(x.score), 0)::text as score
         from eval_sheet sh
         join station s on s.tenant_id = sh.tenant_id and s.id = sh.station_id
         join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
         join org_unit d on d.tenant_id = sh.tenant_id and d.path = subpath(sh.org_path, 0, least(2, nlevel(sh.org_path)))
         join eval_score x on x.tenant_id = sh.tenant_id and x.sheet_id = sh.id
         join eval_item r on r.tenant_id = x.tenant_id and r.id = x.item_id
         join eval_item ind on ind.tenant_id = r.tenant_id and ind.id = r.parent_id
        where sh.round_id = $1 group by 1, 2, 3, 4, 5, 6`,
      [roundId],
    );
    const byStation = new Map<string, { id: string; code: string; name: string; districtName: string; path: string; dims: Map<string, number> }>();
    for (const d of dimScores) {
      const s = byStation.get(d.station_id) ?? {
        id: d.station_id,
        code: d.station_code,
        name: d.station_name,
        districtName: d.district_name,
        path: d.org_path,
        dims: new Map(),
      };
      s.dims.set(d.dimension_id, cents(d.score));
      byStation.set(d.station_id, s);
    }
    const order = scheme.dimensions.map((d) => d.id);
    const results = [...byStation.values()].map((s) => ({
      ...s,
      total: order.reduce((n, d) => n + (s.dims.get(d) ?? 0), 0),
      district: s.path.split('.').slice(0, 2).join('.'),
    }));
    const compare = (a: (typeof results)[0], b: (typeof results)[0]) => {
      if (a.total !== b.total) return b.total - a.total;
      for (const d of order) if ((a.dims.get(d) ?? 0) !== (b.dims.get(d) ?? 0)) return (b.dims.get(d) ?? 0) - (a.dims.get(d) ?? 0);
      return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
    };
    results.sort(compare);
    const districtRank = new Map<string, number>();
    const ranked = results.map((r, i) => {
      const inDistrict = (districtRank.get(r.district) ?? 0) + 1;
      districtRank.set(r.district, inDistrict);
      return { ...r, rankCity: i + 1, rankDistrict: inDistrict };
    });
    const [previous] = await this.db.query<{ id: string }>(
      `select r.id from eval_round r join eval_scheme sc on sc.tenant_id = r.tenant_id and sc.id = r.scheme_id
        where sc.family_id = $1 and r.root_id = $2 and r.status = 'PUBLISHED' and r.period_start < $3::date
        order by r.period_start desc limit 1`,
      [scheme.familyId, round.rootId, round.periodStart],
    );
    await this.db.query(
      `insert into eval_result (tenant_id, round_id, station_id, org_path, district_path, station_name, station_code, district_name,
                                total, dimensions, grade, rank_city, rank_district, previous_total)
       select app_tenant(), $1, t.station, t.path::ltree, t.district::ltree, t.name, t.code, t.district_name,
              t.total::numeric, t.dims::jsonb, t.grade, t.rank_city, t.rank_district,
              (select p.total from eval_result p where p.round_id = $2 and p.station_id = t.station)
         from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[], $11::text[], $12::text[], $13::text[])
              t(station, path, district, total, dims, grade, rank_city, rank_district, name, code, district_name)`,
      [
        roundId,
        previous?.id ?? null,
        ranked.map((r) => r.id),
        ranked.map((r) => r.path),
        ranked.map((r) => r.district),
        ranked.map((r) => decimal(r.total)),
        ranked.map((r) => JSON.stringify(scheme.dimensions.map((d) => ({ name: d.name, score: decimal(r.dims.get(d.id) ?? 0) })))),
        ranked.map((r) => gradeOf(scheme.grades, r.total)),
        ranked.map((r) => r.rankCity),
        ranked.map((r) => r.rankDistrict),
        ranked.map((r) => r.name),
        ranked.map((r) => r.code),
        ranked.map((r) => r.districtName),
      ],
    );
    await this.db.query(
      `insert into eval_sheet_log (tenant_id, sheet_id, org_path, kind, from_stage, to_stage, actor_id, actor_role)
       select tenant_id, id, org_path, 'PUBLISH', stage, 'PUBLISHED', $2, 'CITY_ADMIN' from eval_sheet where round_id = $1`,
      [roundId, actor.id],
    );
    await this.db.query(`update eval_sheet set stage = 'PUBLISHED', version = version + 1, updated_at = now() where round_id = $1`, [roundId]);
    await this.db.query(`update eval_round set status = 'PUBLISHED', published_at = now() where id = $1`, [roundId]);
    return this.round(roundId);
  }

  async results(actor: Actor, roundId: string, rootId?: string | null, page?: PageInput): Promise<Page<EvalResult>> {
    const round = await this.round(roundId);
    if (round.status !== RoundStatus.PUBLISHED) throw fail('evaluation.not-published');
    const f = new SqlFilter();
    f.where((p) => `er.round_id = ${p}`, roundId);
    if (rootId) f.where((p) => `er.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, rootId)).path);
    const quarterly = round.periodKind === PeriodKind.QUARTER;
    return pagedQuery<ResultRow, EvalResult>(
      {
        select: RESULT_COLUMNS,
        from: `${RESULT_FROM} where ${f.sql}`,
        params: f.params,
        orderBy: 'er.rank_city',
      },
      page,
      (r) => toResult(r, quarterly),
    );
  }

  /** A station's published grade for a period (the latest round of it), for other modules; null if none is published. */
  async stationGrade(stationId: string, year: number, quarter?: number | null): Promise<StationGrade | null> {
    const [row] = await this.db.query<{ round_id: string; total: string; grade: string | null; year: number; quarter: number | null }>(
      `select er.round_id, er.total::text as total, er.grade, r.year, r.quarter
         from eval_result er join eval_round r on r.tenant_id = er.tenant_id and r.id = er.round_id
        where er.station_id = $1 and r.year = $2 and r.quarter is not distinct from $3
        order by r.published_at desc limit 1`,
      [stationId, year, quarter ?? null],
    );
    return row ? { stationId, roundId: row.round_id, periodLabel: periodLabel(row.year, row.quarter), total: row.total, grade: row.grade } : null;
  }

  async gradeOf(actor: Actor, stationId: string, year: number, quarter?: number | null): Promise<StationGrade | null> {
    await this.stations.get(actor, stationId);
    return this.stationGrade(stationId, year, quarter);
  }

  // ------------------------------------------------------------------ evidence, export, the year

  /** Attaches an evidence file to a manual rule, by whoever holds the sheet at its stage; type by magic bytes, size checked. */
  async attachEvidence(actor: Actor, input: EvidenceInput): Promise<EvalEvidence> {
    const row = await this.loadSheet(actor, input.sheetId);
    this.assertHolder(actor, row);
    const rule = (await this.schemes.rules(row.scheme_id)).find((r) => r.id === input.ruleId);
    if (!rule) throw BadInputError.field('ruleId', "is not a rule of this sheet's scheme");
    if (rule.kind === RuleKind.COMPUTED) throw fail('evaluation.computed-rule');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64) || input.contentBase64.length % 4 !== 0)
      throw BadInputError.field('contentBase64', 'must be base64');
    const content = Buffer.from(input.contentBase64, 'base64');
    const filename = input.filename.trim().replace(/[\\/"]/g, '_');
    const kind = evidenceType(filename, content);
    if ('problem' in kind) throw BadInputError.field(kind.field, kind.problem);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into eval_evidence (tenant_id, sheet_id, item_id, org_path, filename, content_type, size, content, uploaded_by)
       values (app_tenant(), $1, $2, $3::ltree, $4, $5, $6, $7, $8) returning id`,
      [row.id, rule.id, row.org_path, filename, kind.type, content.length, content, actor.id],
    );
    return (await this.evidenceRows([row.id])).find((e) => e.id === id)!;
  }

  /** The evidence of sheets (without the content), batched per request. */
  evidence(sheetId: string): Promise<EvalEvidence[]> {
    return this.db.request
      .loader<string, EvalEvidence[]>('evaluation.evidence', async (ids) => {
        const rows = await this.evidenceRows(ids);
        return ids.map((id) => rows.filter((r) => r.sheetId === id).map(({ sheetId: _, ...e }) => e));
      })
      .load(sheetId);
  }

  /** An evidence file's content, under the access of its sheet. */
  async evidenceFile(actor: Actor, id: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const [row] = await this.db.query<{ sheet_id: string; filename: string; content_type: string; content: Buffer }>(
      `select sheet_id, filename, content_type, content from eval_evidence where id = $1`,
      [id],
    );
    if (!row) throw new NotFoundError('EvalEvidence', id);
    await this.loadSheet(actor, row.sheet_id);
    return { filename: row.filename, contentType: row.content_type, content: row.content };
  }

  /** Every result of a published round, in rank order (for the Excel export). */
  async allResults(actor: Actor, roundId: string): Promise<{ round: EvalRound; results: EvalResult[] }> {
    const round = await this.round(roundId);
    const results: EvalResult[] = [];
    for (let offset = 0; offset === 0 || offset < results.length; offset += 100) {
      const page = await this.results(actor, roundId, null, { offset, limit: 100 });
      results.push(...page.items);
      if (results.length >= page.total) break;
    }
    return { round, results };
  }

  /** The year of a quarterly scheme (every version of it): each station's four published quarters, summed and ranked. */
  async year(actor: Actor, familyId: string, year: number, rootId?: string | null, page?: PageInput): Promise<Page<YearRow>> {
    const f = new SqlFilter();
    f.where((p) => `sc.family_id = ${p}`, familyId);
    f.where((p) => `r.year = ${p}`, year);
    f.whereRaw(`r.quarter is not null and r.status = 'PUBLISHED'`);
    if (rootId) f.where((p) => `er.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, rootId)).path);
    const years = `(select er.station_id, max(er.station_name) as station_name, max(er.station_code) as station_code, max(er.district_name) as district_name,
                           array[max(er.total) filter (where r.quarter = 1), max(er.total) filter (where r.quarter = 2),
                                 max(er.total) filter (where r.quarter = 3), max(er.total) filter (where r.quarter = 4)]::text[] as quarters,
                           sum(er.total)::text as total,
                           row_number() over (order by sum(er.total) desc, max(er.station_code))::int as rank
                      from eval_result er
                      join eval_round r on r.tenant_id = er.tenant_id and r.id = er.round_id
                      join eval_scheme sc on sc.tenant_id = r.tenant_id and sc.id = r.scheme_id
                     where ${f.sql} group by er.station_id) y`;
    return pagedQuery<YearRow & { station_id: string; station_name: string; station_code: string; district_name: string }, YearRow>(
      { select: 'y.*', from: `from ${years}`, params: f.params, orderBy: 'y.rank' },
      page,
      (r) => ({
        stationId: r.station_id,
        stationName: r.station_name,
        stationCode: r.station_code,
        districtName: r.district_name,
        quarters: r.quarters,
        total: r.total,
        rank: r.rank,
      }),
    );
  }

  private async evidenceRows(sheetIds: readonly string[]): Promise<(EvalEvidence & { sheetId: string })[]> {
    const rows = await this.db.query<EvalEvidence & { sheetId: string }>(
      `select id, sheet_id as "sheetId", item_id as "ruleId", filename, content_type as "contentType", size, uploaded_at as "uploadedAt"
         from eval_evidence where sheet_id = any($1::uuid[]) order by uploaded_at, id`,
      [sheetIds],
    );
    return rows.map((r) => ({ ...r, downloadPath: `/exports/evaluation/evidence/${r.id}` }));
  }

  // ------------------------------------------------------------------ inside

  private async loadSheet(actor: Actor, id: string): Promise<SheetRow> {
    const [row] = await this.db.query<SheetRow>(`select ${SHEET_COLUMNS} ${SHEET_FROM} where sh.id = $1`, [id]);
    if (!row) throw new NotFoundError('EvalSheet', id);
    this.access.assertVisible(actor, 'EvalSheet', sheetSubject(row));
    return row;
  }

  /** The role in which the actor holds the sheet at its stage; NOT_FOUND / FORBIDDEN / RULE_VIOLATED otherwise. */
  private assertHolder(actor: Actor, row: SheetRow): Role {
    this.access.assert(actor, 'update', 'EvalSheet', sheetSubject(row));
    if (row.stage === SheetStage.PUBLISHED) throw fail('evaluation.round-published');
    const role = HOLDER[row.stage]!;
    const holds = actor.assignments.some((a) => a.role === role && isWithin(row.org_path, a.path));
    if (!holds || (role === Role.EVALUATOR && !row.evaluator_ids.includes(actor.id))) throw fail('evaluation.wrong-stage');
    return role;
  }

  /** The version check: moves the sheet's version on, or CONFLICT if someone changed it since it was read. */
  private async bump(row: SheetRow, version: number): Promise<void> {
    const moved = await this.db.query(`update eval_sheet set version = version + 1, updated_at = now() where id = $1 and version = $2 returning version`, [
      row.id,
      version,
    ]);
    if (!moved.length) throw new ConflictError('该评估表已被他人修改，请刷新后重试 (the sheet changed since you read it)', { field: 'version' });
  }

  private async move(actor: Actor, role: Role, row: SheetRow, to: SheetStage, kind: 'SUBMIT' | 'RETURN', reason: string | null): Promise<void> {
    await this.db.query(`update eval_sheet set stage = $2, returned_reason = $3 where id = $1`, [row.id, to, kind === 'RETURN' ? reason : null]);
    await this.db.query(
      `insert into eval_sheet_log (tenant_id, sheet_id, org_path, kind, from_stage, to_stage, reason, actor_id, actor_role)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.org_path, kind, row.stage, to, reason, actor.id, role],
    );
  }

  /**
   * Scores the computed rules of a round's sheets (all, or those named) from the platform's figures
   * over the round's period, logging each change, and totals the sheets again.
   */
  private async recompute(actor: Actor, roundId: string, sheetIds: string[] | null): Promise<void> {
    const round = await this.round(roundId);
    const rules = (await this.schemes.rules(round.schemeId)).filter((r) => r.kind === RuleKind.COMPUTED);
    const sheets = await this.db.query<{ id: string; station_id: string; org_path: string }>(
      `select id, station_id, org_path::text as org_path from eval_sheet where round_id = $1 and ($2::uuid[] is null or id = any($2::uuid[]))`,
      [roundId, sheetIds],
    );
    if (rules.length && sheets.length) {
      const root = sheetIds && sheets.length === 1 ? sheets[0].org_path : round.path;
      const figures = await this.figures.read(
        actor.tenantId!,
        root,
        sheets.map((s) => ({ id: s.station_id, path: s.org_path })),
        [...new Set(rules.map((r) => r.metric!))],
        round.periodStart,
        round.periodEnd,
      );
      const cells = sheets.flatMap((s) =>
        rules.map((r: SchemeRule) => {
          const figure = figures.get(s.station_id)?.get(r.metric!) ?? 0;
          return { sheet: s.id, rule: r.id, figure: figure.toFixed(2), score: decimal(scoreOf(r.scoring!, r.maxScore, figure)) };
        }),
      );
      await this.db.query(
        `with t as (select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) t(sheet, rule, figure, score)),
              old as (select x.sheet_id, x.item_id, x.score, x.org_path from eval_score x join t on x.sheet_id = t.sheet and x.item_id = t.rule),
              logged as (
                insert into eval_sheet_log (tenant_id, sheet_id, org_path, kind, item_id, from_score, to_score, reason, actor_id)
                select app_tenant(), t.sheet, old.org_path, 'COMPUTED', t.rule, old.score, t.score::numeric, '按平台统计数据计算', $5
                  from t join old on old.sheet_id = t.sheet and old.item_id = t.rule where old.score is distinct from t.score::numeric)
         update eval_score x set score = t.score::numeric, figure = t.figure::numeric, updated_at = now()
           from t where x.sheet_id = t.sheet and x.item_id = t.rule`,
        [cells.map((c) => c.sheet), cells.map((c) => c.rule), cells.map((c) => c.figure), cells.map((c) => c.score), actor.id],
      );
    }
    await this.retotal(sheets.map((s) => s.id));
  }

  private async retotal(sheetIds: string[]): Promise<void> {
    await this.db.query(
      `update eval_sheet sh set total = (select coalesce(sum(x.score), 0) from eval_score x where x.tenant_id = sh.tenant_id and x.sheet_id = sh.id)
        where sh.id = any($1::uuid[])`,
      [sheetIds],
    );
  }
}

interface ResultRow {
  round_id: string;
  station_id: string;
  station_name: string;
  station_code: string;
  district_name: string;
  total: string;
  dimensions: { name: string; score: string }[];
  grade: string | null;
  rank_city: number;
  rank_district: number;
  previous_total: string | null;
}

const RESULT_COLUMNS = `er.round_id, er.station_id, er.station_name, er.station_code, er.district_name, er.total::text as total,
  er.dimensions, er.grade, er.rank_city, er.rank_district, er.previous_total::text as previous_total`;
const RESULT_FROM = `from eval_result er`;

function toResult(r: ResultRow, quarterly: boolean): EvalResult {
  const change = r.previous_total == null ? null : cents(r.total) - cents(r.previous_total);
  return {
    roundId: r.round_id,
    stationId: r.station_id,
    stationName: r.station_name,
    stationCode: r.station_code,
    districtName: r.district_name,
    total: r.total,
    dimensions: r.dimensions,
    grade: r.grade,
    rankCity: r.rank_city,
    rankDistrict: r.rank_district,
    previousTotal: r.previous_total,
    change: change == null ? null : `${change >= 0 ? '+' : '-'}${decimal(Math.abs(change))}`,
    redFlag: quarterly && r.rank_city <= 3,
  };
}
