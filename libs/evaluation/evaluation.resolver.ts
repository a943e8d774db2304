import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { IdArg } from '@platform/graphql/id-arg';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { PageInput } from '@platform/graphql/pagination';
import {
  DimensionScore,
  EvalEvidence,
  EvalLogEntry,
  EvalMetric,
  EvalResultPage,
  EvalRound,
  EvalRoundPage,
  EvalScheme,
  EvalSchemePage,
  EvalScore,
  EvalSheet,
  EvalSheetPage,
  RoundInput,
  SaveScoresInput,
  SchemeInput,
  SheetFilter,
  StationGrade,
  EvidenceInput,
  YearRowPage,
} from './evaluation.model';
import { EvaluationService } from './evaluation.service';
import { EVAL_METRICS } from './figures';
import { SchemeService } from './scheme.service';

@Resolver(() => EvalScheme)
export class SchemeResolver {
  constructor(private readonly schemes: SchemeService) {}

  @Allow('read', 'EvalScheme')
  @Query(() => [EvalMetric], { description: 'The figures computed rules can score' })
  evaluationMetrics(): EvalMetric[] {
    return [...EVAL_METRICS];
  }

  @Allow('read', 'EvalScheme')
  @Query(() => EvalSchemePage, { complexity: pagedComplexity, description: 'The city’s evaluation schemes, every version' })
  evaluationSchemes(@Args('page', { nullable: true }) page?: PageInput) {
    return this.schemes.list(page);
  }

  @Allow('read', 'EvalScheme')
  @Query(() => EvalScheme)
  evaluationScheme(@IdArg('id') id: string): Promise<EvalScheme> {
    return this.schemes.get(id);
  }

  @Allow('create', 'EvalScheme')
  @Mutation(() => EvalScheme, { description: 'A new scheme (version 1)' })
  createEvaluationScheme(@CurrentActor() actor: Actor, @Args('input') input: SchemeInput): Promise<EvalScheme> {
    return this.schemes.create(actor, input);
  }

  @Allow('update', 'EvalScheme')
  @Mutation(() => EvalScheme, { description: 'Replaces a scheme not yet used by a round; a frozen one is refused (copy it)' })
  updateEvaluationScheme(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: SchemeInput): Promise<EvalScheme> {
    return this.schemes.update(actor, id, input);
  }

  @Allow('create', 'EvalScheme')
  @Mutation(() => EvalScheme, { description: 'Copies a scheme: its next version, or given a name, a new scheme of the city' })
  copyEvaluationScheme(
    @CurrentActor() actor: Actor,
    @IdArg('id') id: string,
    @Args('name', { type: () => String, nullable: true }) name?: string | null,
  ): Promise<EvalScheme> {
    return this.schemes.copy(actor, id, name);
  }
}

@Resolver(() => EvalRound)
export class RoundResolver {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly schemes: SchemeService,
  ) {}

  @Allow('read', 'EvalRound')
  @Query(() => EvalRoundPage, { complexity: pagedComplexity, description: 'Evaluation rounds, latest period first' })
  evaluationRounds(@Args('page', { nullable: true }) page?: PageInput) {
    return this.evaluation.rounds(page);
  }

  @Allow('read', 'EvalRound')
  @Query(() => EvalRound)
  evaluationRound(@IdArg('id') id: string): Promise<EvalRound> {
    return this.evaluation.round(id);
  }

  @ResolveField(() => EvalScheme)
  scheme(@Parent() round: EvalRound): Promise<EvalScheme> {
    return this.schemes.get(round.schemeId);
  }

  @Allow('create', 'EvalRound')
  @Mutation(() => EvalRound, { description: 'Opens a round: a sheet per station, computed rules scored, the scheme frozen' })
  createEvaluationRound(@CurrentActor() actor: Actor, @Args('input') input: RoundInput): Promise<EvalRound> {
    return this.evaluation.createRound(actor, input);
  }

  @Allow('update', 'EvalRound')
  @Mutation(() => EvalRound, { description: 'Assigns a third-party evaluator to stations of a round (granting the EVALUATOR role there)' })
  assignEvaluator(
    @CurrentActor() actor: Actor,
    @IdArg('roundId') roundId: string,
    @IdArg('userId') userId: string,
    @Args('stationIds', { type: () => [ID] }) stationIds: string[],
  ): Promise<EvalRound> {
    return this.evaluation.assignEvaluator(actor, roundId, userId, stationIds);
  }

  @Allow('update', 'EvalRound')
  @Mutation(() => EvalRound, { description: 'Publishes a round whose every sheet is confirmed: results, grades and ranks' })
  publishEvaluationRound(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<EvalRound> {
    return this.evaluation.publish(actor, id);
  }

  @Allow('read', 'EvalResult')
  @Query(() => EvalResultPage, { complexity: pagedComplexity, description: 'A published round’s results by rank (the tie-break is the round’s tieBreak)' })
  evaluationResults(
    @CurrentActor() actor: Actor,
    @IdArg('roundId') roundId: string,
    @Args('rootId', { type: () => ID, nullable: true }) rootId?: string | null,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    return this.evaluation.results(actor, roundId, rootId, page);
  }

  @Allow('read', 'EvalResult')
  @Query(() => YearRowPage, { complexity: pagedComplexity, description: 'The year of a quarterly scheme: each station’s four quarters summed, ranked' })
  evaluationYear(
    @CurrentActor() actor: Actor,
    @IdArg('familyId') familyId: string,
    @Args('year', { type: () => Int }) year: number,
    @Args('rootId', { type: () => ID, nullable: true }) rootId?: string | null,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    return this.evaluation.year(actor, familyId, year, rootId, page);
  }

  @Allow('read', 'EvalResult')
  @Query(() => StationGrade, { nullable: true, description: 'A station’s published grade for a year or a quarter (null if none)' })
  stationEvaluationGrade(
    @CurrentActor() actor: Actor,
    @IdArg('stationId') stationId: string,
    @Args('year', { type: () => Int }) year: number,
    @Args('quarter', { type: () => Int, nullable: true }) quarter?: number | null,
  ): Promise<StationGrade | null> {
    return this.evaluation.gradeOf(actor, stationId, year, quarter);
  }
}

@Resolver(() => EvalSheet)
export class SheetResolver {
  constructor(private readonly evaluation: EvaluationService) {}

  @Allow('read', 'EvalSheet')
  @Query(() => EvalSheetPage, { complexity: pagedComplexity, description: 'Sheets the caller may see: its station’s, its district’s, or those assigned to it' })
  evaluationSheets(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: SheetFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.evaluation.sheets(actor, filter, page);
  }

  @Allow('read', 'EvalSheet')
  @Query(() => EvalSheet)
  evaluationSheet(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<EvalSheet> {
    return this.evaluation.sheet(actor, id);
  }

  @ResolveField(() => EvalRound, { description: 'The round, with its scheme' })
  round(@Parent() sheet: EvalSheet): Promise<EvalRound> {
    return this.evaluation.round(sheet.roundId);
  }

  @ResolveField(() => [EvalEvidence], { description: 'Evidence files on the manual rules' })
  evidence(@Parent() sheet: EvalSheet): Promise<EvalEvidence[]> {
    return this.evaluation.evidence(sheet.id);
  }

  @Allow('update', 'EvalSheet')
  @Mutation(() => EvalEvidence, { description: 'Attaches an evidence file to a manual rule (PDF, images, Office files; at most 700 KB)' })
  attachEvaluationEvidence(@CurrentActor() actor: Actor, @Args('input') input: EvidenceInput): Promise<EvalEvidence> {
    return this.evaluation.attachEvidence(actor, input);
  }

  @ResolveField(() => [EvalScore])
  scores(@Parent() sheet: EvalSheet): Promise<EvalScore[]> {
    return this.evaluation.scores(sheet.id);
  }

  @ResolveField(() => [DimensionScore])
  dimensions(@Parent() sheet: EvalSheet): Promise<DimensionScore[]> {
    return this.evaluation.dimensions(sheet);
  }

  @ResolveField(() => [EvalLogEntry], { description: 'Every change: scores (from, to, why, who, when) and moves between stages' })
  log(@Parent() sheet: EvalSheet): Promise<EvalLogEntry[]> {
    return this.evaluation.log(sheet.id);
  }

  @Allow('update', 'EvalSheet')
  @Mutation(() => EvalSheet, { description: 'Scores manual rules; `version` must be the sheet’s (else CONFLICT)' })
  saveEvaluationScores(@CurrentActor() actor: Actor, @Args('input') input: SaveScoresInput): Promise<EvalSheet> {
    return this.evaluation.saveScores(actor, input);
  }

  @Allow('update', 'EvalSheet')
  @Mutation(() => EvalSheet, { description: 'Hands the sheet to the next stage' })
  submitEvaluationSheet(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('version', { type: () => Int }) version: number): Promise<EvalSheet> {
    return this.evaluation.submit(actor, id, version);
  }

  @Allow('update', 'EvalSheet')
  @Mutation(() => EvalSheet, { description: 'Returns the sheet to the station for rework, with the reasons' })
  returnEvaluationSheet(
    @CurrentActor() actor: Actor,
    @IdArg('id') id: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('reason') reason: string,
  ): Promise<EvalSheet> {
    return this.evaluation.returnForRework(actor, id, version, reason);
  }
}
