import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Narrative, Personal, PersonalData, PrivacyOwner, Reveal } from '@access';
import { RiskLevel } from '../service-objects/service-object.model';
import { SupervisionComment } from '../supervision/supervision.model';

export enum CaseStage {
  INTAKE = 'INTAKE',
  ASSESSMENT = 'ASSESSMENT',
  PLAN = 'PLAN',
  INTERVENTION = 'INTERVENTION',
  EVALUATION = 'EVALUATION',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseStage, {
  name: 'CaseStage',
  valuesMap: {
    INTAKE: { description: '接案' },
    ASSESSMENT: { description: '预估' },
    PLAN: { description: '计划' },
    INTERVENTION: { description: '介入' },
    EVALUATION: { description: '评估' },
    CLOSED: { description: '结案' },
  },
});

/** The standard process, in order. */
export const STAGE_ORDER: readonly CaseStage[] = [
  CaseStage.INTAKE,
  CaseStage.ASSESSMENT,
  CaseStage.PLAN,
  CaseStage.INTERVENTION,
  CaseStage.EVALUATION,
  CaseStage.CLOSED,
];

export enum IntakeSource {
  WALK_IN = 'WALK_IN',
  REFERRAL = 'REFERRAL',
  OUTREACH = 'OUTREACH',
  HOTLINE_12345 = 'HOTLINE_12345',
  OTHER = 'OTHER',
}
registerEnumType(IntakeSource, {
  name: 'IntakeSource',
  valuesMap: {
    WALK_IN: { description: '主动求助' },
    REFERRAL: { description: '转介' },
    OUTREACH: { description: '走访发现' },
    HOTLINE_12345: { description: '12345热线' },
  },
});

export enum NeedDomain {
  HEALTH = 'HEALTH',
  FINANCIAL = 'FINANCIAL',
  HOUSING = 'HOUSING',
  FAMILY = 'FAMILY',
  PSYCHOLOGICAL = 'PSYCHOLOGICAL',
  SOCIAL = 'SOCIAL',
  EDUCATION = 'EDUCATION',
  EMPLOYMENT = 'EMPLOYMENT',
  LEGAL = 'LEGAL',
  DAILY_LIVING = 'DAILY_LIVING',
  OTHER = 'OTHER',
}
registerEnumType(NeedDomain, { name: 'NeedDomain' });

export enum GoalStatus {
  OPEN = 'OPEN',
  ACHIEVED = 'ACHIEVED',
  PARTIALLY_ACHIEVED = 'PARTIALLY_ACHIEVED',
  NOT_ACHIEVED = 'NOT_ACHIEVED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(GoalStatus, { name: 'GoalStatus' });

export enum NoteKind {
  INTERVIEW = 'INTERVIEW',
  PHONE = 'PHONE',
  HOME_VISIT = 'HOME_VISIT',
  REFERRAL = 'REFERRAL',
  RESOURCE_LINK = 'RESOURCE_LINK',
  OTHER = 'OTHER',
}
registerEnumType(NoteKind, {
  name: 'NoteKind',
  valuesMap: {
    INTERVIEW: { description: '面谈' },
    PHONE: { description: '电话' },
    HOME_VISIT: { description: '家访' },
    REFERRAL: { description: '转介' },
    RESOURCE_LINK: { description: '资源链接' },
  },
});

export enum ClosureReason {
  GOALS_ACHIEVED = 'GOALS_ACHIEVED',
  CLIENT_WITHDREW = 'CLIENT_WITHDREW',
  REFERRED = 'REFERRED',
  MOVED_AWAY = 'MOVED_AWAY',
  DECEASED = 'DECEASED',
  OTHER = 'OTHER',
}
registerEnumType(ClosureReason, { name: 'ClosureReason' });

export enum ClosureStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(ClosureStatus, { name: 'ClosureStatus' });

@PersonalData()
@ObjectType()
export class Need {
  @Field(() => NeedDomain)
  domain: NeedDomain;

  @Narrative()
  description: string | null;
}

@PersonalData()
@ObjectType({ description: 'The assessment (预估): needs by domain, strengths, risk' })
export class Assessment {
  @Field(() => [Need])
  needs: Need[];

  @Narrative()
  strengths: string | null;

  @Field(() => RiskLevel)
  riskLevel: RiskLevel;

  @Narrative()
  riskNotes: string | null;
}

@PersonalData()
@ObjectType({ description: 'The evaluation (评估) of what the intervention achieved' })
export class Evaluation {
  @Narrative()
  summary: string | null;
}

@PersonalData()
@ObjectType({ description: 'A goal of the service plan' })
export class CaseGoal {
  @Field(() => ID)
  id: string;

  @Narrative()
  description: string | null;

  @Field(() => LocalDate, { nullable: true })
  targetDate: string | null;

  @Narrative()
  plannedServices: string | null;

  @Field(() => GoalStatus)
  status: GoalStatus;

  @Narrative({ description: 'How far it was attained, written at evaluation' })
  attainmentNote: string | null;
}

@PersonalData()
@ObjectType({ description: 'A progress note (个案记录)' })
export class CaseNote {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => CaseStage, { description: 'The stage the case was in when the note was written' })
  stage: CaseStage;

  @Field(() => LocalDate)
  noteDate: string;

  @Field(() => NoteKind)
  kind: NoteKind;

  @Field(() => Int)
  durationMinutes: number;

  @Narrative()
  narrative: string | null;

  @Field(() => ID)
  authorId: string;

  @Field()
  createdAt: Date;
}

@PersonalData()
@ObjectType({ description: 'A move of the case from one stage to another: who, when, and why for a reopening' })
export class StageEvent {
  @Field(() => CaseStage, { nullable: true })
  fromStage: CaseStage | null;

  @Field(() => CaseStage)
  toStage: CaseStage;

  @Narrative({ description: 'Why a case was reopened' })
  reason: string | null;

  @Field(() => ID)
  movedBy: string;

  @Field()
  movedAt: Date;
}

@PersonalData()
@ObjectType({ description: 'A worker’s request to close a case, and the station head’s decision' })
export class ClosureRequest {
  @Field(() => ID)
  id: string;

  @Field(() => ClosureReason)
  reason: ClosureReason;

  @Narrative({ description: 'Narrative: absent for bureaus' })
  summary: string | null;

  @Field(() => ClosureStatus)
  status: ClosureStatus;

  @Field(() => ID)
  requestedBy: string;

  @Field()
  requestedAt: Date;

  @Field(() => ID, { nullable: true })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Narrative()
  decisionComment: string | null;

  @Field()
  openGoalsAccepted: boolean;
}

@PersonalData()
@ObjectType({ description: 'A person the system knows by name only where the caller may see it' })
export class PersonRef {
  @Field(() => ID)
  id: string;

  @Personal(Reveal.NAME, () => String, { nullable: true })
  displayName: string | null;
}

/** The rules that decide what a caller reads of a case and of everything in it. */
export function caseOwner(c: { id: string; path: string; workerId: string }): PrivacyOwner {
  return { subject: 'CaseFile', record: { id: c.id, path: c.path, workerId: c.workerId }, audit: 'CASE_FILE' };
}

@PersonalData<CaseFile>({ owner: caseOwner, plain: ['caseNumber'] })
@ObjectType({
  description:
    'A case file (个案). Metadata (stage, dates, worker, station) is visible to bureaus; what the case says (narrative fields, goals, notes) only at the station and to its supervisors, and each read is audited.',
})
export class CaseFile {
  @Field(() => ID)
  id: string;

  @Field()
  caseNumber: string;

  @Field(() => CaseStage)
  stage: CaseStage;

  @Field(() => LocalDate)
  openedOn: string;

  @Field(() => LocalDate, { nullable: true })
  closedOn: string | null;

  @Field(() => ID)
  stationId: string;

  @Field(() => ID)
  serviceObjectId: string;

  @Field(() => ID)
  workerId: string;

  @Field(() => IntakeSource)
  intakeSource: IntakeSource;

  @Field(() => ClosureReason, { nullable: true })
  closureReason: ClosureReason | null;

  @Field(() => Int, { description: 'Plan goals still open' })
  openGoalCount: number;

  @Narrative()
  presentingProblem: string | null;

  @Personal(Reveal.NARRATIVE, () => Assessment, { nullable: true })
  assessment: Assessment | null;

  @Narrative()
  planSummary: string | null;

  @Personal(Reveal.NARRATIVE, () => Evaluation, { nullable: true })
  evaluation: Evaluation | null;

  @Narrative()
  closureSummary: string | null;

  @Personal(Reveal.NARRATIVE, () => [CaseGoal], { nullable: true, description: 'Plan goals; absent for bureaus' })
  goals?: CaseGoal[] | null;

  @Personal(Reveal.NARRATIVE, () => [CaseNote], { nullable: true, description: 'Progress notes; absent for bureaus' })
  notes?: CaseNote[] | null;

  @Personal(Reveal.NARRATIVE, () => [SupervisionComment], { nullable: true, description: 'Supervision threads you may read; absent for bureaus' })
  comments?: SupervisionComment[] | null;

  path: string;
}

export const CaseFilePage = Paginated(CaseFile, 'CaseFilePage');
