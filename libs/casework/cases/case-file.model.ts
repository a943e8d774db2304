import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { RiskLevel } from '../service-objects/service-object.model';

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

@ObjectType()
export class Need {
  @Field(() => NeedDomain)
  domain: NeedDomain;

  @Field()
  description: string;
}

@ObjectType({ description: 'The assessment (预估): needs by domain, strengths, risk' })
export class Assessment {
  @Field(() => [Need])
  needs: Need[];

  @Field(() => String, { nullable: true })
  strengths: string | null;

  @Field(() => RiskLevel)
  riskLevel: RiskLevel;

  @Field(() => String, { nullable: true })
  riskNotes: string | null;
}

@ObjectType({ description: 'The evaluation (评估) of what the intervention achieved' })
export class Evaluation {
  @Field()
  summary: string;
}

@ObjectType({ description: 'A goal of the service plan' })
export class CaseGoal {
  @Field(() => ID)
  id: string;

  @Field()
  description: string;

  @Field(() => LocalDate, { nullable: true })
  targetDate: string | null;

  @Field(() => String, { nullable: true })
  plannedServices: string | null;

  @Field(() => GoalStatus)
  status: GoalStatus;

  @Field(() => String, { nullable: true, description: 'How far it was attained, written at evaluation' })
  attainmentNote: string | null;
}

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

  @Field()
  narrative: string;

  @Field(() => ID)
  authorId: string;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'A move of the case from one stage to another: who, when, and why for a reopening' })
export class StageEvent {
  @Field(() => CaseStage, { nullable: true })
  fromStage: CaseStage | null;

  @Field(() => CaseStage)
  toStage: CaseStage;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => ID)
  movedBy: string;

  @Field()
  movedAt: Date;
}

@ObjectType({ description: 'A worker’s request to close a case, and the station head’s decision' })
export class ClosureRequest {
  @Field(() => ID)
  id: string;

  @Field(() => ClosureReason)
  reason: ClosureReason;

  @Field(() => String, { nullable: true, description: 'Narrative: absent for bureaus' })
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

  @Field(() => String, { nullable: true })
  decisionComment: string | null;

  @Field()
  openGoalsAccepted: boolean;
}

@ObjectType({ description: 'A person the system knows by name only where the caller may see it' })
export class PersonRef {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  displayName: string | null;
}

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

  path: string;
  raw: {
    presentingProblem: string;
    assessment: Assessment | null;
    planSummary: string | null;
    evaluation: Evaluation | null;
    closureSummary: string | null;
  };
}

export const CaseFilePage = Paginated(CaseFile, 'CaseFilePage');
