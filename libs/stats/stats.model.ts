import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Actor } from '@access';
import { RiskLevel, ServiceCategory } from '@casework';
import { Decimal } from '@platform/graphql/decimal.scalar';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { METRICS } from './catalogue';
import { FLOW_METRICS } from './metrics';

export const RankMetric = Object.fromEntries(FLOW_METRICS.map((m) => [m, m])) as Record<string, string>;
export type RankMetric = string;
registerEnumType(RankMetric, { name: 'RankMetric', description: 'A figure stations can be ranked by' });

/**
 * The headline figures: one field per metric of the catalogue (catalogue.ts), an Int or a Decimal,
 * stocks nullable (absent in monthly series). The fields are declared from the catalogue, so a
 * new metric is a new field; the keys of the object are the metric names.
 */
@ObjectType({ description: 'The headline figures of a subtree: flows over the period, stocks on its last day (absent in monthly series)' })
export class StatFigures {
  [metric: string]: number | string | null;
}
for (const m of METRICS) {
  Field(() => (m.decimal ? Decimal : Int), { nullable: m.shape === 'stock', ...(m.description ? { description: m.description } : {}) })(
    StatFigures.prototype,
    m.name,
  );
}

@ObjectType()
export class CategoryCount {
  @Field(() => ServiceCategory)
  category: ServiceCategory;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class RiskCount {
  @Field(() => RiskLevel)
  riskLevel: RiskLevel;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class StaffingFigures {
  @Field(() => Int, { description: 'Stations the staffing policy covers' })
  stations: number;

  @Field(() => Int)
  compliant: number;

  @Field(() => Int, { description: 'Staff employed on the last day' })
  staff: number;

  @Field(() => Int)
  certified: number;
}

@ObjectType()
export class NodeFigures {
  @Field(() => ID)
  nodeId: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field({ description: 'True for records kept at the node itself rather than below it' })
  own: boolean;

  @Field(() => StatFigures)
  figures: StatFigures;
}

@ObjectType()
export class MonthFigures {
  @Field({ description: 'YYYY-MM' })
  month: string;

  @Field(() => StatFigures)
  figures: StatFigures;
}

/** What the parts of a report are computed from; not exposed. */
export interface ReportScope {
  actor: Actor;
  root: { id: string; code: string; name: string; path: string };
  from: string;
  to: string;
  paths: string[];
}

@ObjectType({ description: 'Statistics of a node’s subtree over a period, with the breakdown by child node and by month' })
export class StatisticsReport {
  scope: ReportScope;
  // The parts below are resolved one by one, when asked for.

  @Field(() => ID)
  nodeId: string;

  @Field(() => LocalDate)
  from: string;

  @Field(() => LocalDate)
  to: string;

  @Field(() => StatFigures)
  figures?: StatFigures;

  @Field(() => [CategoryCount], { description: 'People served on the last day, by category' })
  objectsByCategory?: CategoryCount[];

  @Field(() => [RiskCount])
  objectsByRisk?: RiskCount[];

  @Field(() => StaffingFigures, { description: 'Staffing on the last day' })
  staffing?: StaffingFigures;

  @Field(() => Float, { nullable: true, description: 'Visit rate of the month of the last day' })
  visitRate?: number | null;

  @Field(() => [NodeFigures], { description: 'The same figures for each child node (and the node’s own records)' })
  children?: NodeFigures[];

  @Field(() => [MonthFigures], { description: 'The flow figures month by month' })
  monthly?: MonthFigures[];
}

@ObjectType()
export class StationRef {
  @Field(() => ID)
  stationId: string;

  @Field()
  name: string;

  @Field()
  code: string;
}

@ObjectType({ description: 'Which stations recorded anything in a month (reporting rate)' })
export class ReportingCompleteness {
  @Field()
  month: string;

  @Field(() => Int)
  stations: number;

  @Field(() => Int)
  reporting: number;

  @Field(() => Float, { nullable: true })
  rate: number | null;

  @Field(() => [StationRef], { description: 'Active stations that recorded nothing that month' })
  silent: StationRef[];
}

@ObjectType({ description: 'A figure of the statistics as the catalogue declares it: its field name, Chinese label and unit' })
export class StatMetric {
  @Field({ description: 'The field of StatFigures (and the RankMetric when it is a flow)' })
  name: string;

  @Field({ description: 'The Chinese label, as in the Excel table' })
  label: string;

  @Field({ description: 'The unit, e.g. 次, 人次, 元' })
  unit: string;

  @Field({ description: 'flow (over the period), distinct (members counted once), stock (on the last day) or sum (of other figures)' })
  shape: string;

  @Field({ description: 'Money and hours: a Decimal string' })
  decimal: boolean;

  @Field({ description: 'Stations can be ranked by it (stationRanking)' })
  rankable: boolean;
}

@ObjectType()
export class StationRank {
  @Field(() => Int)
  rank: number;

  @Field(() => ID)
  stationId: string;

  @Field()
  name: string;

  @Field()
  code: string;

  @Field(() => Decimal)
  value: string;
}
