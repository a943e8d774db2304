import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountsService } from '@accounts';
import { Actor, Allow, CurrentActor } from '@access';
import { StationService } from '@org';
import { IdArg } from '@platform/graphql/id-arg';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { ServiceObject } from '../service-objects/service-object.model';
import { ServiceObjectService } from '../service-objects/service-object.service';
import { SupervisionComment } from '../supervision/supervision.model';
import { SupervisionService } from '../supervision/supervision.service';
import { CaseFile, CaseFilePage, CaseGoal, CaseNote, CaseStage, ClosureRequest, PersonRef, StageEvent } from './case-file.model';
import { CaseFileService } from './case-file.service';
import { CaseRecordsService } from './case-records.service';
import { CaseStageService } from './case-stage.service';
import {
  AssessmentInput,
  CaseFilter,
  CaseNoteInput,
  ClosureDecisionInput,
  ClosureRequestInput,
  EvaluationInput,
  GoalInput,
  GoalProgressInput,
  OpenCaseInput,
  ReopenCaseInput,
} from './dto/case.input';

@Resolver(() => CaseFile)
export class CaseFileResolver {
  constructor(
    private readonly cases: CaseFileService,
    private readonly stages: CaseStageService,
    private readonly records: CaseRecordsService,
    private readonly objects: ServiceObjectService,
    private readonly supervision: SupervisionService,
    private readonly accounts: AccountsService,
    private readonly stations: StationService,
  ) {}

  @Allow('read', 'CaseFile')
  @Query(() => CaseFile, { description: 'A case file; NOT_FOUND outside your scope' })
  caseFile(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<CaseFile> {
    return this.cases.get(actor, id);
  }

  @Allow('read', 'CaseFile')
  @Query(() => CaseFilePage, { complexity: pagedComplexity, description: 'Case files in your scope, newest first' })
  caseFiles(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: CaseFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.cases.list(actor, filter, page);
  }

  @Allow('create', 'CaseFile')
  @Mutation(() => CaseFile, { description: 'Open a case (接案) for a registered person, with the intake record' })
  openCase(@CurrentActor() actor: Actor, @Args('input') input: OpenCaseInput): Promise<CaseFile> {
    return this.cases.open(actor, input);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => CaseFile, { description: 'Record the assessment (预估)' })
  recordAssessment(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('input') input: AssessmentInput): Promise<CaseFile> {
    return this.cases.recordAssessment(actor, caseId, input);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => CaseFile, { description: 'Record the plan’s summary (计划); goals are added one by one' })
  recordPlan(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('summary') summary: string): Promise<CaseFile> {
    return this.cases.recordPlan(actor, caseId, summary);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => CaseGoal)
  addCaseGoal(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('input') input: GoalInput): Promise<CaseGoal> {
    return this.records.addGoal(actor, caseId, input);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => CaseGoal, { description: 'Mark how far a goal was attained' })
  setCaseGoalProgress(@CurrentActor() actor: Actor, @IdArg('goalId') goalId: string, @Args('input') input: GoalProgressInput): Promise<CaseGoal> {
    return this.records.setGoalProgress(actor, goalId, input);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => CaseNote, { description: 'Add a progress note (个案记录); during intervention these are the service records' })
  addCaseNote(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('input') input: CaseNoteInput): Promise<CaseNote> {
    return this.records.addNote(actor, caseId, input);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => CaseFile, { description: 'Record the evaluation (评估)' })
  recordEvaluation(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('input') input: EvaluationInput): Promise<CaseFile> {
    return this.cases.recordEvaluation(actor, caseId, input.summary);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => CaseFile, { description: 'Move the case one stage forward; RULE_VIOLATED names the rule a move breaks' })
  advanceCase(
    @CurrentActor() actor: Actor,
    @IdArg('caseId') caseId: string,
    @Args('toStage', { type: () => CaseStage }) toStage: CaseStage,
  ): Promise<CaseFile> {
    return this.stages.advance(actor, caseId, toStage);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => CaseFile, { description: 'Return a case (also a closed one) to an earlier stage, with a reason' })
  reopenCase(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('input') input: ReopenCaseInput): Promise<CaseFile> {
    return this.stages.reopen(actor, caseId, input);
  }

  @Allow('update', 'CaseFile')
  @Mutation(() => ClosureRequest, { description: 'Ask the station head to close the case (at EVALUATION)' })
  requestCaseClosure(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('input') input: ClosureRequestInput): Promise<ClosureRequest> {
    return this.stages.requestClosure(actor, caseId, input);
  }

  @Allow('approveClosure', 'CaseFile')
  @Mutation(() => ClosureRequest, { description: 'Approve (closing the case) or reject its pending closure request' })
  decideCaseClosure(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('input') input: ClosureDecisionInput): Promise<ClosureRequest> {
    return this.stages.decideClosure(actor, caseId, input);
  }

  @Allow('transfer', 'CaseFile')
  @Mutation(() => CaseFile, { description: 'Reassign a case to another worker of its station' })
  transferCase(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @IdArg('toWorkerId') toWorkerId: string): Promise<CaseFile> {
    return this.cases.transfer(actor, caseId, toWorkerId);
  }

  @Allow('transfer', 'CaseFile')
  @Mutation(() => [CaseFile], { description: 'Reassign every open case a (departing) worker holds at a station to another worker there' })
  async transferWorkerCases(
    @CurrentActor() actor: Actor,
    @IdArg('stationId') stationId: string,
    @IdArg('fromWorkerId') fromWorkerId: string,
    @IdArg('toWorkerId') toWorkerId: string,
  ): Promise<CaseFile[]> {
    const station = await this.stations.get(actor, stationId);
    return this.cases.transferAll(actor, station.path, fromWorkerId, toWorkerId);
  }

  // What the case says (its narrative fields, goals, notes, comments, reopening reasons, closure
  // summaries) is marked on the model: the revealer shows it to whom it may, and audits each read.

  @ResolveField(() => [CaseGoal], { nullable: true, description: 'Plan goals; absent for bureaus' })
  goals(@Parent() c: CaseFile): Promise<CaseGoal[]> {
    return this.records.goalsOf(c.id);
  }

  @ResolveField(() => [CaseNote], { nullable: true, description: 'Progress notes; absent for bureaus' })
  notes(@Parent() c: CaseFile): Promise<CaseNote[]> {
    return this.records.notesOf(c.id);
  }

  @ResolveField(() => [SupervisionComment], { nullable: true, description: 'Supervision threads you may read; absent for bureaus' })
  comments(@CurrentActor() actor: Actor, @Parent() c: CaseFile): Promise<SupervisionComment[]> {
    return this.supervision.commentsOf(actor, c.id);
  }

  @ResolveField(() => [StageEvent], { description: 'Every move between stages: who and when (reopening reasons only with the narrative)' })
  history(@Parent() c: CaseFile): Promise<StageEvent[]> {
    return this.records.historyOf(c.id);
  }

  @ResolveField(() => [ClosureRequest])
  closureRequests(@Parent() c: CaseFile): Promise<ClosureRequest[]> {
    return this.stages.closureRequests(c.id);
  }

  @ResolveField(() => ServiceObject, { nullable: true, description: 'The person served (personal details as your role allows)' })
  serviceObject(@CurrentActor() actor: Actor, @Parent() c: CaseFile): Promise<ServiceObject | null> {
    return this.objects.forCase(actor, c.serviceObjectId);
  }

  @ResolveField(() => PersonRef)
  async worker(@Parent() c: CaseFile): Promise<PersonRef> {
    return { id: c.workerId, displayName: await this.accounts.displayNameOf(c.workerId) };
  }

  @ResolveField(() => Int, { description: 'Supervision comments and replies on the case' })
  async commentCount(@Parent() c: CaseFile): Promise<number> {
    return (await this.supervision.countsOf(c.id)).total;
  }

  @ResolveField(() => Int, { description: 'Supervision threads not yet resolved' })
  async openCommentCount(@Parent() c: CaseFile): Promise<number> {
    return (await this.supervision.countsOf(c.id)).open;
  }
}
