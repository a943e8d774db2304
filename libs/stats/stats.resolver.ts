import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { IdArg } from '@platform/graphql/id-arg';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { BadInputError } from '@platform/errors/domain-errors';
import {
  CategoryCount,
  MonthFigures,
  NodeFigures,
  RankMetric,
  ReportingCompleteness,
  RiskCount,
  StaffingFigures,
  StatFigures,
  StationRank,
  StatisticsReport,
  StatMetric,
} from './stats.model';
import { METRICS } from './catalogue';
import { FLOW_METRICS } from './metrics';
import { StatsService } from './stats.service';

@Resolver(() => StatisticsReport)
export class StatsResolver {
  constructor(private readonly stats: StatsService) {}

  @Allow('read', 'Statistics')
  @Query(() => StatisticsReport, { description: 'Headline figures of a subtree over a period, by child node and by month, from totals kept with the records' })
  statistics(
    @CurrentActor() actor: Actor,
    @IdArg('nodeId') nodeId: string,
    @Args('from', { type: () => LocalDate }) from: string,
    @Args('to', { type: () => LocalDate }) to: string,
  ): Promise<StatisticsReport> {
    return this.stats.report(actor, nodeId, from, to);
  }

  @Allow('read', 'Statistics')
  @Query(() => [StatMetric], { description: 'The figures of the statistics in the catalogue’s order, with their Chinese labels and units' })
  statisticsMetrics(): StatMetric[] {
    const rankable = new Set(FLOW_METRICS);
    return METRICS.map((m) => ({ name: m.name, label: m.label, unit: m.unit, shape: m.shape, decimal: Boolean(m.decimal), rankable: rankable.has(m.name) }));
  }

  @Allow('read', 'Statistics')
  @Query(() => [StationRank], { description: 'Stations of a subtree ranked by a figure over a period' })
  stationRanking(
    @CurrentActor() actor: Actor,
    @IdArg('nodeId') nodeId: string,
    @Args('from', { type: () => LocalDate }) from: string,
    @Args('to', { type: () => LocalDate }) to: string,
    @Args('metric', { type: () => RankMetric }) metric: RankMetric,
    @Args('limit', { type: () => Int, defaultValue: 20 }) limit: number,
  ): Promise<StationRank[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw BadInputError.field('limit', 'must be 1 to 200');
    return this.stats.ranking(actor, nodeId, from, to, metric, limit);
  }

  @Allow('read', 'Statistics')
  @Query(() => ReportingCompleteness, { description: 'Which active stations of a subtree recorded nothing in a month' })
  reportingCompleteness(@CurrentActor() actor: Actor, @IdArg('nodeId') nodeId: string, @Args('month') month: string): Promise<ReportingCompleteness> {
    return this.stats.completeness(actor, nodeId, month);
  }

  @ResolveField(() => StatFigures)
  figures(@Parent() r: StatisticsReport): Promise<StatFigures> {
    return this.stats.wholeFigures(r.scope);
  }

  @ResolveField(() => [NodeFigures], { description: 'The same figures for each child node (and the node’s own records)' })
  children(@Parent() r: StatisticsReport): Promise<NodeFigures[]> {
    return this.stats.children(r.scope);
  }

  @ResolveField(() => [MonthFigures], { description: 'The flow figures month by month' })
  monthly(@Parent() r: StatisticsReport): Promise<MonthFigures[]> {
    return this.stats.monthly(r.scope);
  }

  @ResolveField(() => [CategoryCount], { description: 'People served on the last day, by category' })
  async objectsByCategory(@Parent() r: StatisticsReport): Promise<CategoryCount[]> {
    return (await this.stats.objects(r.scope)).byCategory;
  }

  @ResolveField(() => [RiskCount])
  async objectsByRisk(@Parent() r: StatisticsReport): Promise<RiskCount[]> {
    return (await this.stats.objects(r.scope)).byRisk;
  }

  @ResolveField(() => StaffingFigures, { description: 'Staffing on the last day' })
  staffing(@Parent() r: StatisticsReport): Promise<StaffingFigures> {
    return this.stats.staffing(r.scope);
  }

  @ResolveField(() => Number, { nullable: true, description: 'Visit rate of the month of the last day' })
  visitRate(@Parent() r: StatisticsReport): Promise<number | null> {
    return this.stats.visitRate(r.scope);
  }
}
