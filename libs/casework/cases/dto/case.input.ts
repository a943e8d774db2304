import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Trim } from '@platform/graphql/trim';
import { RiskLevel, ServiceCategory } from '../../service-objects/service-object.model';
import { CaseStage, ClosureReason, GoalStatus, IntakeSource, NeedDomain, NoteKind } from '../case-file.model';

const TEXT = 8000;

@InputType()
export class OpenCaseInput {
  @Field(() => ID)
  @IsUUID()
  serviceObjectId: string;

  @Field(() => ID, { nullable: true, description: 'The responsible worker; yourself when omitted. Only a station head assigns others.' })
  @IsOptional()
  @IsUUID()
  workerId?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Default today' })
  @IsOptional()
  @IsLocalDate()
  openedOn?: string;

  @Field(() => IntakeSource)
  @IsEnum(IntakeSource)
  intakeSource: IntakeSource;

  @Field({ description: 'The presenting problem, as the intake found it' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'presentingProblem must not be empty' })
  @MaxLength(TEXT)
  presentingProblem: string;
}

@InputType()
export class NeedInput {
  @Field(() => NeedDomain)
  @IsEnum(NeedDomain)
  domain: NeedDomain;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @MaxLength(2000)
  description: string;
}

@InputType()
export class AssessmentInput {
  @Field(() => [NeedInput])
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => NeedInput)
  needs: NeedInput[];

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  strengths?: string;

  @Field(() => RiskLevel)
  @IsEnum(RiskLevel)
  riskLevel: RiskLevel;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  riskNotes?: string;
}

@InputType()
export class GoalInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @MaxLength(2000)
  description: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsLocalDate()
  targetDate?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  plannedServices?: string;
}

@InputType()
export class GoalProgressInput {
  @Field(() => GoalStatus)
  @IsEnum(GoalStatus)
  status: GoalStatus;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  attainmentNote?: string;
}

@InputType()
export class CaseNoteInput {
  @Field(() => LocalDate)
  @IsLocalDate()
  noteDate: string;

  @Field(() => NoteKind)
  @IsEnum(NoteKind)
  kind: NoteKind;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(1440)
  durationMinutes: number;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'narrative must not be empty' })
  @MaxLength(TEXT)
  narrative: string;
}

@InputType()
export class EvaluationInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'summary must not be empty' })
  @MaxLength(TEXT)
  summary: string;
}

@InputType()
export class ReopenCaseInput {
  @Field(() => CaseStage, { description: 'An earlier stage to return to' })
  @IsEnum(CaseStage)
  toStage: CaseStage;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reason must not be empty' })
  @MaxLength(2000)
  reason: string;
}

@InputType()
export class ClosureRequestInput {
  @Field(() => ClosureReason)
  @IsEnum(ClosureReason)
  reason: ClosureReason;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'summary must not be empty' })
  @MaxLength(TEXT)
  summary: string;
}

@InputType()
export class ClosureDecisionInput {
  @Field()
  @IsBoolean()
  approve: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @Field({ defaultValue: false, description: 'Approve although plan goals are still open' })
  @IsBoolean()
  acceptOpenGoals: boolean = false;
}

@InputType()
export class CaseFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => CaseStage, { nullable: true })
  @IsOptional()
  @IsEnum(CaseStage)
  stage?: CaseStage;

  @Field({ nullable: true, description: 'Only cases not closed' })
  @IsOptional()
  @IsBoolean()
  openOnly?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  workerId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  serviceObjectId?: string;

  @Field(() => ServiceCategory, { nullable: true, description: 'Cases of people in this category' })
  @IsOptional()
  @IsEnum(ServiceCategory)
  category?: ServiceCategory;

  @Field({ nullable: true, description: 'Only cases whose closure request awaits the station head (the approval queue)' })
  @IsOptional()
  @IsBoolean()
  pendingClosure?: boolean;
}
