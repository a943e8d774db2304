import { Narrative, Personal, PersonalData, Reveal } from '@access';
import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Trim } from '@platform/graphql/trim';

@PersonalData()
@ObjectType()
export class NamedParticipant {
  @Personal(Reveal.NAME, () => String)
  name: string;

  @Field(() => ID, { nullable: true })
  serviceObjectId: string | null;
}

@PersonalData()
@ObjectType()
export class VolunteerTime {
  @Personal(Reveal.NAME, () => String)
  name: string;

  @Field(() => Float)
  hours: number;
}

/** Titles and places name an event, not a person: bureaus oversee them. */
@PersonalData<CommunityActivity>({
  owner: (a) => ({ subject: 'Activity', record: { id: a.id, path: a.path, authorIds: a.authorIds }, audit: 'COMMUNITY_ACTIVITY' }),
  plain: ['title', 'place'],
})
@ObjectType({ description: 'A one-off community activity (社区活动)' })
export class CommunityActivity {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The organizing station' })
  stationId: string;

  @Field(() => ID, { description: 'The node where it took place' })
  nodeId: string;

  @Field()
  title: string;

  @Field(() => LocalDate)
  activityDate: string;

  @Field(() => String, { nullable: true })
  place: string | null;

  @Field(() => ID, { nullable: true })
  catalogItemId: string | null;

  @Field(() => Int, { description: 'Participant person-times (参与人次)' })
  participantCount: number;

  @Field(() => [NamedParticipant])
  participants: NamedParticipant[];

  @Field(() => [VolunteerTime])
  volunteers: VolunteerTime[];

  @Personal(Reveal.DETAIL, () => [String], { description: 'Photo URLs or storage keys: people are in them, so only the station sees them' })
  photos: string[];

  @Narrative({ description: 'What happened: it may name people, so only the station reads it' })
  summary: string | null;

  @Field(() => Date, { nullable: true, description: 'Voided activities stay in the history but count for nothing' })
  voidedAt: Date | null;

  @Narrative()
  voidReason: string | null;

  path: string;
  /** Who may correct it besides the station head: whoever recorded it. */
  authorIds: string[];
}

export const CommunityActivityPage = Paginated(CommunityActivity, 'CommunityActivityPage');

@InputType()
export class NamedParticipantInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(50)
  name: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  serviceObjectId?: string;
}

@InputType()
export class VolunteerTimeInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(50)
  name: string;

  @Field(() => Float)
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0, { message: 'hours must not be negative' })
  @Max(24, { message: 'hours must not exceed 24 for one activity' })
  hours: number;
}

@InputType()
export class CommunityActivityDetailsInput {
  @Field(() => ID, { description: 'Where it took place: the station’s node or one below it' })
  @IsUUID()
  nodeId: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field(() => LocalDate)
  @IsLocalDate()
  activityDate: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  place?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  catalogItemId?: string;

  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'participantCount must not be negative' })
  @Max(100000)
  participantCount: number;

  @Field(() => [NamedParticipantInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => NamedParticipantInput)
  participants: NamedParticipantInput[] = [];

  @Field(() => [VolunteerTimeInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => VolunteerTimeInput)
  volunteers: VolunteerTimeInput[] = [];

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  photos: string[] = [];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  summary?: string;
}

@InputType()
export class RecordCommunityActivityInput extends CommunityActivityDetailsInput {
  @Field(() => ID)
  @IsUUID()
  stationId: string;
}

@InputType()
export class ActivityFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;

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

  @Field({ nullable: true, description: 'Only activities you recorded' })
  @IsOptional()
  @IsBoolean()
  mine?: boolean;
}

@ObjectType({ description: 'Counts of a subtree’s activities over a date range, voided records excluded' })
export class ActivityTotals {
  @Field(() => LocalDate)
  from: string;

  @Field(() => LocalDate)
  to: string;

  @Field(() => Int)
  groupSessions: number;

  @Field(() => Int, { description: 'Attendances at group sessions' })
  groupPersonTimes: number;

  @Field(() => Int)
  communityActivities: number;

  @Field(() => Int)
  communityPersonTimes: number;

  @Field(() => Int)
  homeVisits: number;
}
