import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { Decimal, IsDecimalAmount } from '@platform/graphql/decimal.scalar';
import { Paginated } from '@platform/graphql/pagination';

export enum PeriodKind {
  YEAR = 'YEAR',
  QUARTER = 'QUARTER',
}
registerEnumType(PeriodKind, { name: 'EvalPeriodKind', description: 'How often a scheme scores stations: once a year, or every quarter (一季一赛)' });

export enum RuleKind {
  COMPUTED = 'COMPUTED',
  MANUAL = 'MANUAL',
}
registerEnumType(RuleKind, {
  name: 'EvalRuleKind',
  valuesMap: {
    COMPUTED: { description: 'Scored from a figure the platform holds for the station over the period, by a declared function' },
    MANUAL: { description: 'Scored by a person, with a note (and evidence)' },
  },
});

export enum ScoringKind {
  LINEAR = 'LINEAR',
  BANDS = 'BANDS',
}
registerEnumType(ScoringKind, {
  name: 'EvalScoringKind',
  valuesMap: {
    LINEAR: { description: 'Zero at or below the floor, the maximum at or above the target, in proportion between' },
    BANDS: { description: 'The score of the band [from, to) the figure falls in; none, zero' },
  },
});

export enum SheetStage {
  SELF = 'SELF',
  DISTRICT_REVIEW = 'DISTRICT_REVIEW',
  THIRD_PARTY = 'THIRD_PARTY',
  CONFIRMED = 'CONFIRMED',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(SheetStage, {
  name: 'EvalSheetStage',
  valuesMap: {
    SELF: { description: '站点自评: the station head' },
    DISTRICT_REVIEW: { description: '上级考评: the district bureau' },
    THIRD_PARTY: { description: '第三方评估: the evaluators assigned to the station in this round' },
    CONFIRMED: { description: '市级确认: the city platform, before publication' },
    PUBLISHED: { description: '已发布' },
  },
});

export enum RoundStatus {
  OPEN = 'OPEN',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(RoundStatus, { name: 'EvalRoundStatus' });

// ---------------------------------------------------------------- schemes

@ObjectType('EvalScoreBand', { description: 'A band of figures [from, to) and its score' })
export class ScoreBand {
  @Field(() => Decimal)
  from: string;
  @Field(() => Decimal, { nullable: true, description: 'Exclusive; none: no upper bound' })
  to: string | null;
  @Field(() => Decimal)
  score: string;
}

@ObjectType('EvalScoring', { description: 'How a computed rule turns its figure into a score, capped at the rule maximum' })
export class Scoring {
  @Field(() => ScoringKind)
  kind: ScoringKind;
  @Field(() => Decimal, { nullable: true })
  floor: string | null;
  @Field(() => Decimal, { nullable: true })
  target: string | null;
  @Field(() => [ScoreBand])
  bands: ScoreBand[];
}

@ObjectType('EvalRule', { description: 'A rule (三级指标) with its maximum score' })
export class EvalRule {
  @Field(() => ID)
  id: string;
  @Field()
  code: string;
  @Field()
  name: string;
  @Field(() => Decimal)
  maxScore: string;
  @Field(() => RuleKind)
  kind: RuleKind;
  @Field(() => String, { nullable: true, description: 'The figure a computed rule scores (evaluationMetrics)' })
  metric: string | null;
  @Field(() => String, { nullable: true })
  metricLabel: string | null;
  @Field(() => Scoring, { nullable: true })
  scoring: Scoring | null;
}

@ObjectType('EvalIndicator', { description: 'An indicator (二级指标): its maximum is the sum of its rules' })
export class EvalIndicator {
  @Field(() => ID)
  id: string;
  @Field()
  code: string;
  @Field()
  name: string;
  @Field(() => Decimal)
  maxScore: string;
  @Field(() => [EvalRule])
  rules: EvalRule[];
}

@ObjectType('EvalDimension', { description: 'A dimension (一级指标)' })
export class EvalDimension {
  @Field(() => ID)
  id: string;
  @Field()
  code: string;
  @Field()
  name: string;
  @Field(() => Decimal)
  maxScore: string;
  @Field(() => [EvalIndicator])
  indicators: EvalIndicator[];
}

@ObjectType('EvalGradeBand', { description: 'A grade: totals in [min, max), the top band including its max' })
export class GradeBand {
  @Field()
  name: string;
  @Field(() => Decimal)
  min: string;
  @Field(() => Decimal)
  max: string;
}

@ObjectType('EvalScheme', { description: 'An indicator scheme of the city (评估指标体系), one version of it' })
export class EvalScheme {
  @Field(() => ID)
  id: string;
  @Field(() => ID, { description: 'The same for every version of a scheme' })
  familyId: string;
  @Field(() => Int)
  version: number;
  @Field()
  name: string;
  @Field(() => PeriodKind)
  periodKind: PeriodKind;
  @Field(() => [Int], { description: 'Levels of the nodes whose stations it scores (2 district, 3 street, 4 community)' })
  stationLevels: number[];
  @Field(() => Decimal)
  total: string;
  @Field(() => [GradeBand])
  grades: GradeBand[];
  @Field({ description: 'Used by a round: no longer editable; copy it to a new version' })
  frozen: boolean;
  @Field(() => Int)
  ruleCount: number;
  @Field(() => [EvalDimension])
  dimensions: EvalDimension[];
}

export const EvalSchemePage = Paginated(EvalScheme, 'EvalSchemePage');

@InputType('EvalScoreBandInput')
export class ScoreBandInput {
  @Field(() => Decimal)
  @IsDecimalAmount()
  from: string;
  @Field(() => Decimal, { nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  to?: string | null;
  @Field(() => Decimal)
  @IsDecimalAmount()
  score: string;
}

@InputType('EvalScoringInput')
export class ScoringInput {
  @Field(() => ScoringKind)
  @IsEnum(ScoringKind)
  kind: ScoringKind;
  @Field(() => Decimal, { nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  floor?: string | null;
  @Field(() => Decimal, { nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  target?: string | null;
  @Field(() => [ScoreBandInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ScoreBandInput)
  bands?: ScoreBandInput[] | null;
}

@InputType('EvalRuleInput')
export class RuleInput {
  @Field()
  @IsString()
  @Length(1, 200)
  name: string;
  @Field(() => Decimal)
  @IsDecimalAmount()
  maxScore: string;
  @Field(() => RuleKind)
  @IsEnum(RuleKind)
  kind: RuleKind;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  metric?: string | null;
  @Field(() => ScoringInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScoringInput)
  scoring?: ScoringInput | null;
}

@InputType('EvalIndicatorInput')
export class IndicatorInput {
  @Field()
  @IsString()
  @Length(1, 200)
  name: string;
  @Field(() => [RuleInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RuleInput)
  rules: RuleInput[];
}

@InputType('EvalDimensionInput')
export class DimensionInput {
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;
  @Field(() => [IndicatorInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IndicatorInput)
  indicators: IndicatorInput[];
}

@InputType('EvalGradeBandInput')
export class GradeBandInput {
  @Field()
  @IsString()
  @Length(1, 20)
  name: string;
  @Field(() => Decimal)
  @IsDecimalAmount()
  min: string;
  @Field(() => Decimal)
  @IsDecimalAmount()
  max: string;
}

@InputType('EvalSchemeInput')
export class SchemeInput {
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;
  @Field(() => PeriodKind)
  @IsEnum(PeriodKind)
  periodKind: PeriodKind;
  @Field(() => [Int])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsInt({ each: true })
  @Min(2, { each: true })
  @Max(4, { each: true })
  stationLevels: number[];
  @Field(() => Decimal, { description: 'The most a station can score (usually 100)' })
  @IsDecimalAmount()
  total: string;
  @Field(() => [GradeBandInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => GradeBandInput)
  grades: GradeBandInput[];
  @Field(() => [DimensionInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DimensionInput)
  dimensions: DimensionInput[];
}

@ObjectType('EvalMetric', { description: 'A figure a computed rule can score' })
export class EvalMetric {
  @Field()
  name: string;
  @Field()
  label: string;
  @Field()
  unit: string;
}

// ---------------------------------------------------------------- rounds and sheets

@ObjectType('EvalRound', { description: 'An evaluation round: a scheme applied to the stations of a subtree over one period' })
export class EvalRound {
  @Field(() => ID)
  id: string;
  @Field(() => ID)
  schemeId: string;
  @Field()
  name: string;
  @Field(() => PeriodKind)
  periodKind: PeriodKind;
  @Field(() => Int)
  year: number;
  @Field(() => Int, { nullable: true })
  quarter: number | null;
  @Field({ description: 'e.g. 2026年第1季度' })
  periodLabel: string;
  @Field()
  periodStart: string;
  @Field()
  periodEnd: string;
  @Field(() => ID)
  rootId: string;
  @Field(() => RoundStatus)
  status: RoundStatus;
  @Field(() => Int)
  sheetCount: number;
  @Field(() => Int)
  confirmedCount: number;
  @Field({ description: 'How ties in the ranking are broken, shown with the ranking' })
  tieBreak: string;
  path: string;
}

export const EvalRoundPage = Paginated(EvalRound, 'EvalRoundPage');

@InputType('EvalRoundInput')
export class RoundInput {
  @Field(() => ID)
  @IsUUID()
  schemeId: string;
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;
  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
  @Field(() => Int, { nullable: true, description: 'For a quarterly scheme' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  quarter?: number | null;
  @Field(() => ID, { nullable: true, description: 'The subtree whose stations are scored; the city by default' })
  @IsOptional()
  @IsUUID()
  rootId?: string | null;
}

@ObjectType('EvalScore', { description: 'The score of one rule on a sheet' })
export class EvalScore {
  @Field(() => ID)
  ruleId: string;
  @Field(() => Decimal, { nullable: true, description: 'Null: not scored yet' })
  score: string | null;
  @Field(() => String, { nullable: true, description: 'The figure a computed rule was scored from' })
  figure: string | null;
  @Field(() => String, { nullable: true, description: 'The scorer’s note on the station’s work (no personal data)' })
  note: string | null;
  @Field()
  computed: boolean;
}

@ObjectType('EvalDimensionScore')
export class DimensionScore {
  @Field(() => ID)
  dimensionId: string;
  @Field()
  name: string;
  @Field(() => Decimal)
  score: string;
  @Field(() => Decimal)
  maxScore: string;
}

@ObjectType('EvalLogEntry', { description: 'A change to a sheet: a score (from, to, why) or a move between stages' })
export class EvalLogEntry {
  @Field(() => ID)
  id: string;
  @Field()
  kind: string;
  @Field(() => ID, { nullable: true })
  ruleId: string | null;
  @Field(() => Decimal, { nullable: true })
  fromScore: string | null;
  @Field(() => Decimal, { nullable: true })
  toScore: string | null;
  @Field(() => SheetStage, { nullable: true })
  fromStage: SheetStage | null;
  @Field(() => SheetStage, { nullable: true })
  toStage: SheetStage | null;
  @Field(() => String, { nullable: true })
  reason: string | null;
  @Field(() => ID, { nullable: true })
  actorId: string | null;
  @Field(() => String, { nullable: true, description: 'The role the change was made in' })
  actorRole: string | null;
  @Field()
  at: Date;
}

@ObjectType('EvalSheet', { description: 'One station’s sheet in a round' })
export class EvalSheet {
  @Field(() => ID)
  id: string;
  @Field(() => ID)
  roundId: string;
  @Field(() => ID)
  stationId: string;
  @Field()
  stationName: string;
  @Field()
  stationCode: string;
  @Field(() => SheetStage)
  stage: SheetStage;
  @Field(() => Int, { description: 'Send it back with every change: a sheet changed meanwhile answers CONFLICT' })
  version: number;
  @Field(() => String, { nullable: true, description: 'Why it was last returned for rework' })
  returnedReason: string | null;
  @Field(() => Decimal)
  total: string;
  @Field(() => String, { nullable: true })
  grade: string | null;
  path: string;
  schemeId: string;
}

export const EvalSheetPage = Paginated(EvalSheet, 'EvalSheetPage');

@InputType('EvalSheetFilter')
export class SheetFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  roundId?: string;
  @Field(() => SheetStage, { nullable: true })
  @IsOptional()
  @IsEnum(SheetStage)
  stage?: SheetStage;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;
}

@InputType('EvalScoreInput')
export class ScoreInput {
  @Field(() => ID)
  @IsUUID()
  ruleId: string;
  @Field(() => Decimal, { nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  score?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string | null;
  @Field(() => String, { nullable: true, description: 'Why the score changed (kept in the log)' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  reason?: string | null;
}

@InputType('EvalSaveScoresInput')
export class SaveScoresInput {
  @Field(() => ID)
  @IsUUID()
  sheetId: string;
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
  @Field(() => [ScoreInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ScoreInput)
  scores: ScoreInput[];
}

@ObjectType('EvalDimensionResult')
export class DimensionResult {
  @Field()
  name: string;
  @Field(() => Decimal)
  score: string;
}

@ObjectType('EvalResult', { description: 'A station’s published result in a round' })
export class EvalResult {
  @Field(() => ID)
  roundId: string;
  @Field(() => ID)
  stationId: string;
  @Field()
  stationName: string;
  @Field()
  stationCode: string;
  @Field()
  districtName: string;
  @Field(() => Decimal)
  total: string;
  @Field(() => [DimensionResult])
  dimensions: DimensionResult[];
  @Field(() => String, { nullable: true })
  grade: string | null;
  @Field(() => Int)
  rankCity: number;
  @Field(() => Int)
  rankDistrict: number;
  @Field(() => String, { nullable: true, description: 'The total of the previous published period of the same scheme' })
  previousTotal: string | null;
  @Field(() => String, { nullable: true, description: 'Total minus the previous total, signed, e.g. "+3.50"' })
  change: string | null;
  @Field({ description: 'Top three of a quarterly contest (红旗)' })
  redFlag: boolean;
}

export const EvalResultPage = Paginated(EvalResult, 'EvalResultPage');

@ObjectType('EvalStationGrade', { description: 'A station’s published grade for a period, for other modules (e.g. paying a purchased-service project)' })
export class StationGrade {
  @Field(() => ID)
  stationId: string;
  @Field(() => ID)
  roundId: string;
  @Field()
  periodLabel: string;
  @Field(() => Decimal)
  total: string;
  @Field(() => String, { nullable: true })
  grade: string | null;
}

@ObjectType('EvalEvidence', { description: 'An evidence file on a manual rule of a sheet' })
export class EvalEvidence {
  @Field(() => ID)
  id: string;
  @Field(() => ID)
  ruleId: string;
  @Field()
  filename: string;
  @Field()
  contentType: string;
  @Field(() => Int)
  size: number;
  @Field()
  uploadedAt: Date;
  @Field({ description: 'GET this path with the same bearer token to download the file' })
  downloadPath: string;
}

@InputType('EvalEvidenceInput')
export class EvidenceInput {
  @Field(() => ID)
  @IsUUID()
  sheetId: string;
  @Field(() => ID)
  @IsUUID()
  ruleId: string;
  @Field()
  @IsString()
  @Length(1, 200)
  filename: string;
  @Field({ description: 'The file, base64-encoded (PDF, PNG, JPEG, GIF, Word, Excel, PowerPoint; at most 700 KB)' })
  @IsString()
  @Length(1, 1_000_000)
  contentBase64: string;
}

@ObjectType('EvalYearRow', { description: 'A station’s year: the totals of the four quarterly rounds and their sum' })
export class YearRow {
  @Field(() => ID)
  stationId: string;
  @Field()
  stationName: string;
  @Field()
  stationCode: string;
  @Field()
  districtName: string;
  @Field(() => [String], { nullable: 'items', description: 'Totals of Q1–Q4 (null where the quarter is not published)' })
  quarters: (string | null)[];
  @Field(() => Decimal)
  total: string;
  @Field(() => Int)
  rank: number;
}

export const YearRowPage = Paginated(YearRow, 'EvalYearRowPage');
