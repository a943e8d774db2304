import { Narrative, Personal, PersonalData, PrivacyOwner, Reveal } from '@access';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Trim } from '@platform/graphql/trim';

export enum GroupStage {
  PREPARATION = 'PREPARATION',
  FORMATION = 'FORMATION',
  TRANSITION = 'TRANSITION',
  MATURITY = 'MATURITY',
  ENDING = 'ENDING',
}
registerEnumType(GroupStage, {
  name: 'GroupStage',
  description: 'Stages of a group per the national group-work guideline',
  valuesMap: {
    PREPARATION: { description: '准备期' },
    FORMATION: { description: '形成期' },
    TRANSITION: { description: '过渡期' },
    MATURITY: { description: '成熟期' },
    ENDING: { description: '结束期' },
  },
});
export const GROUP_STAGE_ORDER = [GroupStage.PREPARATION, GroupStage.FORMATION, GroupStage.TRANSITION, GroupStage.MATURITY, GroupStage.ENDING];

@PersonalData()
@ObjectType()
export class GroupMember {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: 'The registered person, if the member is one' })
  serviceObjectId: string | null;

  @Personal(Reveal.NAME, () => String, { nullable: true, description: 'A resident named without a file' })
  residentName: string | null;

  @Field(() => LocalDate)
  joinedOn: string;
}

@PersonalData<GroupSession>({
  owner: (s) => (s.path ? { subject: 'Activity', record: { id: s.id, path: s.path, authorIds: s.authorIds }, audit: 'GROUP_SESSION' } : undefined),
  plain: ['topic'],
})
@ObjectType({ description: 'A session (节次) of a group' })
export class GroupSession {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  groupId: string;

  @Field(() => LocalDate)
  sessionDate: string;

  @Field(() => Int)
  durationMinutes: number;

  @Field()
  topic: string;

  @Narrative({ description: 'What happened in the session: at the station only' })
  record: string | null;

  @Field(() => [ID], { description: 'Members who attended' })
  attendeeIds: string[];

  @Field(() => Date, { nullable: true, description: 'Voided sessions stay in the history but count for nothing' })
  voidedAt: Date | null;

  @Narrative()
  voidReason: string | null;

  path: string;
  /** Who may correct or void it besides the station head: its recorder and the group's. */
  authorIds: string[];
}

/** The rules that decide what a caller sees of a group and of its members. */
export function groupOwner(g: { id: string; path: string; authorIds: string[] }): PrivacyOwner {
  return { subject: 'Activity', record: { id: g.id, path: g.path, authorIds: g.authorIds }, audit: 'GROUP_WORK' };
}

/** Group names, goals and target populations describe a programme, not a person: bureaus oversee them. */
@PersonalData<GroupWork>({
  owner: groupOwner,
  plain: ['name', 'goal', 'targetPopulation'],
})
@ObjectType({ description: 'A group (小组) run by a station' })
export class GroupWork {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  stationId: string;

  @Field()
  name: string;

  @Field()
  goal: string;

  @Field(() => String, { nullable: true })
  targetPopulation: string | null;

  @Field(() => ID, { nullable: true })
  catalogItemId: string | null;

  @Field(() => Int)
  plannedSessions: number;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate)
  endDate: string;

  @Field(() => GroupStage)
  stage: GroupStage;

  @Field(() => [ID])
  facilitatorIds: string[];

  @Field(() => Date, { nullable: true })
  voidedAt: Date | null;

  @Narrative()
  voidReason: string | null;

  @Field(() => Int, { description: 'Attendances at sessions that are not voided (人次)' })
  personTimes: number;

  path: string;
  /** Who may correct it besides the station head: whoever started it and its facilitators. */
  authorIds: string[];
}

export const GroupWorkPage = Paginated(GroupWork, 'GroupWorkPage');

@InputType()
export class GroupDetailsInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'goal must not be empty' })
  @MaxLength(4000)
  goal: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  targetPopulation?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  catalogItemId?: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(200)
  plannedSessions: number;

  @Field(() => LocalDate)
  @IsLocalDate()
  startDate: string;

  @Field(() => LocalDate)
  @IsLocalDate()
  endDate: string;

  @Field(() => [ID], { defaultValue: [], description: 'Workers of the station who facilitate' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  facilitatorIds: string[] = [];
}

@InputType()
export class CreateGroupInput extends GroupDetailsInput {
  @Field(() => ID)
  @IsUUID()
  stationId: string;
}

@InputType()
export class GroupMemberInput {
  @Field(() => ID, { nullable: true, description: 'A registered person; or give residentName' })
  @ValidateIf((o: GroupMemberInput) => !o.residentName)
  @IsUUID()
  serviceObjectId?: string;

  @Field({ nullable: true })
  @ValidateIf((o: GroupMemberInput) => !o.serviceObjectId)
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'residentName or serviceObjectId is required' })
  @MaxLength(50)
  residentName?: string;

  @Field(() => LocalDate)
  @IsLocalDate()
  joinedOn: string;
}

@InputType()
export class GroupSessionInput {
  @Field(() => LocalDate)
  @IsLocalDate()
  sessionDate: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes: number;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'topic must not be empty' })
  @MaxLength(200)
  topic: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  record?: string;

  @Field(() => [ID], { description: 'Members who attended; each must be a member of the group' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  attendeeIds: string[];
}

@InputType()
export class GroupFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field({ nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  includeVoided?: boolean;
}
