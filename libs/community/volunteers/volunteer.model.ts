import { Narrative, Personal, PersonalData, Reveal } from '@access';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Decimal, IsDecimalAmount } from '@platform/graphql/decimal.scalar';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Trim } from '@platform/graphql/trim';
import { Gender } from '@platform/personal-data/gender';
import { AgreesWithIdentityNumber, IsIdentityNumber } from '@platform/personal-data/identity-number';

export enum VolunteerStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}
registerEnumType(VolunteerStatus, { name: 'VolunteerStatus' });

export enum VolunteerServiceSource {
  COMMUNITY_ACTIVITY = 'COMMUNITY_ACTIVITY',
  GROUP_SESSION = 'GROUP_SESSION',
  HOME_VISIT = 'HOME_VISIT',
  STANDALONE = 'STANDALONE',
}
registerEnumType(VolunteerServiceSource, { name: 'VolunteerServiceSource' });

@PersonalData<Volunteer>({ owner: (v) => ({ subject: 'Volunteer', record: { id: v.id, path: v.path, developerId: v.developerId }, audit: 'VOLUNTEER' }) })
@ObjectType({ description: 'A volunteer (志愿者), registered under their real name' })
export class Volunteer {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The station that recruited them' })
  stationId: string;

  @Field(() => ID, { description: 'The node they are registered at' })
  nodeId: string;

  @Field(() => ID, { nullable: true, description: 'The social worker who develops them' })
  developerId: string | null;

  @Personal(Reveal.NAME, () => String)
  name: string;

  @Field(() => Gender)
  gender: Gender;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  phone: string | null;

  @Personal(Reveal.ID_NUMBER, () => String, {
    nullable: true,
    description: 'In full for the station head and the developing worker (audited), masked for station staff, absent for bureaus',
  })
  idNumber: string | null;

  @Personal(Reveal.DETAIL, () => [String])
  skills: string[];

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  availability: string | null;

  @Field(() => LocalDate)
  registeredOn: string;

  @Field(() => VolunteerStatus)
  status: VolunteerStatus;

  path: string;
}

export const VolunteerPage = Paginated(Volunteer, 'VolunteerPage');

@PersonalData<VolunteerService>({
  owner: (s) => ({ subject: 'Volunteer', record: { id: s.id, path: s.path, authorIds: s.authorIds }, audit: 'VOLUNTEER', auditId: s.volunteerId }),
})
@ObjectType({ description: 'Hours a volunteer served on a day, from an activity or on their own' })
export class VolunteerService {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  volunteerId: string;

  @Field(() => ID)
  stationId: string;

  @Field(() => LocalDate)
  serviceDate: string;

  @Field(() => Decimal)
  hours: string;

  @Field(() => VolunteerServiceSource)
  source: VolunteerServiceSource;

  @Field(() => ID, { nullable: true })
  sourceId: string | null;

  @Narrative()
  description: string | null;

  @Field(() => Date, { nullable: true })
  voidedAt: Date | null;

  path: string;
  /** Who may void it besides the station head: whoever recorded it. */
  authorIds: string[];
}

export const VolunteerServicePage = Paginated(VolunteerService, 'VolunteerServicePage');

/** A team's name names the team, not a person. */
@PersonalData<VolunteerTeam>({ plain: ['name'] })
@ObjectType()
export class VolunteerTeam {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  stationId: string;

  @Field()
  name: string;

  @Field(() => [ID])
  memberIds: string[];
}

@PersonalData<VolunteerGoalShortfall>({ owner: (w) => ({ subject: 'StaffMember', record: { id: w.workerId, path: w.path } }) })
@ObjectType({ description: 'A social worker with fewer regular (active) volunteers than the city’s goal' })
export class VolunteerGoalShortfall {
  @Field(() => ID)
  workerId: string;

  @Personal(Reveal.NAME, () => String, { nullable: true })
  workerName: string | null;

  @Field(() => Int)
  activeVolunteers: number;

  @Field(() => Int)
  goal: number;

  /** Where the worker's account belongs. */
  path: string;
}

@InputType()
export class VolunteerDetailsInput {
  @Field(() => ID, { description: 'Where they are registered: the station’s node or one below it' })
  @IsUUID()
  nodeId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  developerId?: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(50)
  name: string;

  @Field(() => Gender)
  @IsEnum(Gender)
  @AgreesWithIdentityNumber()
  gender: Gender;

  @Field()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIdentityNumber()
  idNumber: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'phone must be 5–20 digits' })
  phone?: string;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  skills: string[] = [];

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  availability?: string;

  @Field(() => LocalDate)
  @IsLocalDate()
  registeredOn: string;

  @Field(() => VolunteerStatus, { defaultValue: VolunteerStatus.ACTIVE })
  @IsEnum(VolunteerStatus)
  status: VolunteerStatus = VolunteerStatus.ACTIVE;
}

@InputType()
export class RegisterVolunteerInput extends VolunteerDetailsInput {
  @Field(() => ID, { description: 'The recruiting station' })
  @IsUUID()
  stationId: string;
}

@InputType()
export class VolunteerServiceInput {
  @Field(() => ID)
  @IsUUID()
  volunteerId: string;

  @Field(() => LocalDate)
  @IsLocalDate()
  serviceDate: string;

  @Field(() => Decimal, { description: 'More than 0; a volunteer’s hours on one day add up to 24 at most' })
  @IsDecimalAmount()
  hours: string;

  @Field(() => VolunteerServiceSource)
  @IsEnum(VolunteerServiceSource)
  source: VolunteerServiceSource;

  @Field(() => ID, { nullable: true, description: 'The activity, group session or visit served (not for STANDALONE)' })
  @IsOptional()
  @IsUUID()
  sourceId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;
}

@InputType()
export class VolunteerFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  search?: string;

  @Field(() => VolunteerStatus, { nullable: true })
  @IsOptional()
  @IsEnum(VolunteerStatus)
  status?: VolunteerStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  developerId?: string;
}

@InputType()
export class VolunteerTeamInput {
  @Field(() => ID)
  @IsUUID()
  stationId: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => [ID], { defaultValue: [] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds: string[] = [];
}
