import { Narrative, PersonalData } from '@access';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
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
import { RiskLevel, ServiceCategory } from '@casework';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Trim } from '@platform/graphql/trim';

export enum VisitKind {
  HOME = 'HOME',
  PHONE = 'PHONE',
  VIDEO = 'VIDEO',
}
registerEnumType(VisitKind, {
  name: 'VisitKind',
  valuesMap: { HOME: { description: '入户' }, PHONE: { description: '电话' }, VIDEO: { description: '视频' } },
});

export enum VisitPeriod {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(VisitPeriod, { name: 'VisitPeriod' });

@PersonalData<HomeVisit>({ owner: (v) => ({ subject: 'HomeVisit', record: { id: v.id, path: v.path, authorIds: [v.workerId] }, audit: 'HOME_VISIT' }) })
@ObjectType({ description: 'A visit (探访) to a person served' })
export class HomeVisit {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  serviceObjectId: string;

  @Field(() => ID)
  stationId: string;

  @Field(() => LocalDate)
  visitDate: string;

  @Field(() => VisitKind)
  kind: VisitKind;

  @Narrative({ description: 'What the visit found: at the station only' })
  findings: string | null;

  @Field()
  followUpNeeded: boolean;

  @Field(() => ID)
  workerId: string;

  @Field(() => Date, { nullable: true })
  voidedAt: Date | null;

  @Narrative()
  voidReason: string | null;

  path: string;
}

export const HomeVisitPage = Paginated(HomeVisit, 'HomeVisitPage');

@ObjectType({ description: 'How often people of a risk level and/or category must be visited' })
export class VisitRule {
  @Field(() => ID, { nullable: true, description: 'None for the built-in defaults' })
  id: string | null;

  @Field()
  name: string;

  @Field(() => RiskLevel, { nullable: true })
  riskLevel: RiskLevel | null;

  @Field(() => [ServiceCategory], { nullable: true, description: 'Applies to people in any of these categories' })
  categories: ServiceCategory[] | null;

  @Field(() => VisitPeriod)
  period: VisitPeriod;

  @Field(() => Int, { description: 'Visits required in each period' })
  minVisits: number;

  @Field(() => Int, { nullable: true, description: 'The first visit is due within this many days of the person being flagged' })
  firstVisitWithinDays: number | null;
}

@ObjectType({ description: 'A person whose next visit is due' })
export class DueVisit {
  @Field(() => ID)
  serviceObjectId: string;

  @Field(() => ID)
  stationId: string;

  @Field(() => LocalDate, { description: 'The day the next visit is due by' })
  dueOn: string;

  @Field({ description: 'The due day has passed' })
  overdue: boolean;

  @Field(() => Int, { description: 'Days past the due day (0 if not overdue)' })
  daysOverdue: number;

  @Field(() => LocalDate, { nullable: true })
  lastVisitOn: string | null;

  @Field({ description: 'The rule that makes the visit due' })
  rule: string;

  path: string;
}

export const DueVisitPage = Paginated(DueVisit, 'DueVisitPage');

@ObjectType({ description: 'Visited ÷ due for a month: people any rule covers, and those visited as often as their rules ask' })
export class VisitRate {
  @Field({ description: 'YYYY-MM' })
  month: string;

  @Field(() => Int)
  due: number;

  @Field(() => Int)
  visited: number;

  @Field(() => Float, { nullable: true })
  rate: number | null;
}

@InputType()
export class HomeVisitInput {
  @Field(() => ID)
  @IsUUID()
  serviceObjectId: string;

  @Field(() => LocalDate)
  @IsLocalDate()
  visitDate: string;

  @Field(() => VisitKind)
  @IsEnum(VisitKind)
  kind: VisitKind;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  findings?: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  followUpNeeded: boolean = false;
}

@InputType()
export class VisitFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  serviceObjectId?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @Field({ nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  includeVoided?: boolean;

  @Field({ nullable: true, description: 'Only visits you recorded' })
  @IsOptional()
  @IsBoolean()
  mine?: boolean;
}

@InputType()
export class VisitRuleInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => RiskLevel, { nullable: true })
  @IsOptional()
  @IsEnum(RiskLevel)
  riskLevel?: RiskLevel;

  @Field(() => [ServiceCategory], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsEnum(ServiceCategory, { each: true })
  categories?: ServiceCategory[];

  @Field(() => VisitPeriod)
  @IsEnum(VisitPeriod)
  period: VisitPeriod;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(31)
  minVisits: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  firstVisitWithinDays?: number;
}

@InputType()
export class VisitRulesInput {
  @Field(() => [VisitRuleInput], { description: 'The complete list; it replaces the city’s rules' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => VisitRuleInput)
  rules: VisitRuleInput[];
}

@InputType()
export class DueVisitFilter {
  @Field(() => ID, { nullable: true, description: 'People served in this subtree' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Judge as of this day (default today)' })
  @IsOptional()
  @IsLocalDate()
  on?: string;

  @Field({ nullable: true, defaultValue: false, description: 'Only visits already overdue' })
  @IsOptional()
  @IsBoolean()
  overdueOnly?: boolean;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Also list visits due within this many days' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(31)
  withinDays?: number;
}
