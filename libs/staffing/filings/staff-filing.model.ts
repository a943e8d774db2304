import { Personal, PersonalData, Reveal } from '@access';
import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';

export enum StaffChangeKind {
  JOIN = 'JOIN',
  LEAVE = 'LEAVE',
}
registerEnumType(StaffChangeKind, { name: 'StaffChangeKind' });

export enum FilingStatus {
  PENDING = 'PENDING',
  OVERDUE = 'OVERDUE',
  FILED = 'FILED',
  FILED_LATE = 'FILED_LATE',
}
registerEnumType(FilingStatus, {
  name: 'FilingStatus',
  valuesMap: {
    PENDING: { description: 'Not filed yet, still within the deadline' },
    OVERDUE: { description: 'Not filed and past the deadline' },
    FILED: { description: 'Filed by the deadline' },
    FILED_LATE: { description: 'Filed after the deadline' },
  },
});

@PersonalData<StaffFiling>({ owner: (f) => ({ subject: 'StaffFiling', record: { id: f.id, path: f.path } }) })
@ObjectType({ description: 'A staff change to be filed (备案) with the civil-affairs bureau' })
export class StaffFiling {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  stationId: string;

  @Field(() => ID)
  staffId: string;

  @Personal(Reveal.NAME, () => String, { description: 'In full at the station; masked for bureaus' })
  staffName: string;

  @Field(() => StaffChangeKind)
  kind: StaffChangeKind;

  @Field(() => LocalDate)
  changeDate: string;

  @Field(() => LocalDate)
  dueOn: string;

  @Field(() => LocalDate, { nullable: true })
  filedOn: string | null;

  @Field(() => FilingStatus, { description: 'As of the day asked about (today by default)' })
  status: FilingStatus;

  path: string;
}

export const StaffFilingPage = Paginated(StaffFiling, 'StaffFilingPage');

@InputType()
export class StaffFilingFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => FilingStatus, { nullable: true })
  @IsOptional()
  @IsEnum(FilingStatus)
  status?: FilingStatus;

  @Field(() => LocalDate, { nullable: true, description: 'Judge deadlines as of this day (default today)' })
  @IsLocalDate()
  @IsOptional()
  asOf?: string;
}
