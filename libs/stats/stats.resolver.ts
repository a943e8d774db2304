import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentActor } from '@access/access.decorators';
import { Actor } from '@access/actor';
import { IdArg } from '@platform/graphql/id-arg';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { BadInputError } from '@platform/errors/domain-errors';
import { RankMetric, ReportingCompleteness, StationRank, StatisticsReport } from './stats.model';
import { StatsService } from './stats.service';

@Resolver()
export class StatsResolver {
  constructor(private readonly stats: StatsService) {}

  @Allow('read', 'Statistics')
  @Query(() => StatisticsReport, { description: 'Headline figures of a subtree over a period, by child node and by month, from the records themselves' })
  statistics(
    @CurrentActor() actor: Actor,
    @IdArg('nodeId') nodeId: string,
    @Args('from', { type: () => LocalDate }) from: string,
    @Args('to', { type: () => LocalDate }) to: string,
  ): Promise<StatisticsReport> {
    return this.stats.report(actor, nodeId, from, to);
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
}
