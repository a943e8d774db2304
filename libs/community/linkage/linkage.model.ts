import { Narrative, Personal, PersonalData, Reveal } from '@access';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
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
import { Decimal, IsDecimalAmount } from '@platform/graphql/decimal.scalar';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Trim } from '@platform/graphql/trim';

export enum LinkageParty {
  COMMUNITY = 'COMMUNITY',
  SOCIAL_WORKERS = 'SOCIAL_WORKERS',
  SOCIAL_ORGANIZATIONS = 'SOCIAL_ORGANIZATIONS',
  VOLUNTEERS = 'VOLUNTEERS',
  CHARITY_RESOURCES = 'CHARITY_RESOURCES',
}
registerEnumType(LinkageParty, {
  name: 'LinkageParty',
  description: 'The five parties of the five-society linkage (五社联动)',
  valuesMap: {
    COMMUNITY: { description: '社区 (居委会/村委会): the platform' },
    SOCIAL_WORKERS: { description: '社会工作者: the support' },
    SOCIAL_ORGANIZATIONS: { description: '社区社会组织: the carrier' },
    VOLUNTEERS: { description: '社区志愿者: the auxiliary' },
    CHARITY_RESOURCES: { description: '社区公益慈善资源: the supplement' },
  },
});

export enum DonorKind {
  PERSON = 'PERSON',
  COMPANY = 'COMPANY',
  FOUNDATION = 'FOUNDATION',
  CHARITY_FUND = 'CHARITY_FUND',
  OTHER = 'OTHER',
}
registerEnumType(DonorKind, { name: 'DonorKind' });

/** What was given (goods, amounts) is the ledger's business; a note may speak of people. */
@PersonalData<Contribution>({ plain: ['goodsDescription'] })
@ObjectType({ description: 'What one party contributed' })
export class Contribution {
  @Field(() => LinkageParty)
  party: LinkageParty;

  @Field(() => Int)
  people: number;

  @Field(() => Decimal)
  hours: string;

  @Field(() => Decimal, { description: 'Yuan' })
  money: string;

  @Field(() => String, { nullable: true })
  goodsDescription: string | null;

  @Field(() => Decimal, { description: 'Estimated value of goods, yuan' })
  goodsValue: string;

  @Narrative()
  note: string | null;
}

@PersonalData<Linkage>({
  owner: (l) => ({ subject: 'Linkage', record: { id: l.id, path: l.path, authorIds: l.authorIds }, audit: 'LINKAGE' }),
  plain: ['title'],
})
@ObjectType({ description: 'A five-society linkage project or event (五社联动)' })
export class Linkage {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  stationId: string;

  @Field(() => ID)
  nodeId: string;

  @Field()
  title: string;

  @Field(() => LocalDate)
  linkageDate: string;

  @Narrative({ description: 'What was done: it may name people, so only the station reads it' })
  description: string | null;

  @Field(() => [Contribution])
  contributions: Contribution[];

  @Field(() => Date, { nullable: true })
  voidedAt: Date | null;

  path: string;
  /** Who may void it besides the station head: whoever recorded it. */
  authorIds: string[];
}

export const LinkagePage = Paginated(Linkage, 'LinkagePage');

@PersonalData<CharityResource>({
  owner: (c) => ({ subject: 'Linkage', record: { id: c.id, path: c.path, authorIds: c.authorIds }, audit: 'LINKAGE' }),
  plain: ['goodsDescription'],
})
@ObjectType({ description: 'A donation of money or goods (公益慈善资源)' })
export class CharityResource {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  stationId: string;

  @Personal<CharityResource>(Reveal.NAME, () => String, {
    description: 'A person’s name is masked for bureaus; a company’s or foundation’s is not',
    personalIf: (c) => c.donorKind === DonorKind.PERSON || c.donorKind === DonorKind.OTHER,
  })
  donorName: string;

  @Field(() => DonorKind)
  donorKind: DonorKind;

  @Field(() => Decimal)
  amount: string;

  @Field(() => String, { nullable: true })
  goodsDescription: string | null;

  @Field(() => Decimal)
  goodsValue: string;

  @Field(() => LocalDate)
  receivedOn: string;

  @Narrative({ description: 'What it is for: it may name the people helped' })
  purpose: string | null;

  @Field(() => ID, { nullable: true })
  linkageId: string | null;

  @Field(() => ID, { nullable: true })
  activityId: string | null;

  @Field(() => [ID])
  serviceObjectIds: string[];

  @Field(() => Date, { nullable: true })
  voidedAt: Date | null;

  path: string;
  authorIds: string[];
}

export const CharityResourcePage = Paginated(CharityResource, 'CharityResourcePage');

@ObjectType({ description: 'Money and goods linked in a subtree over a period, summed exactly' })
export class LinkageTotals {
  @Field(() => LocalDate)
  from: string;

  @Field(() => LocalDate)
  to: string;

  @Field(() => Int)
  linkages: number;

  @Field(() => Decimal, { description: 'Money contributed in linkage records, yuan' })
  linkageMoney: string;

  @Field(() => Decimal)
  linkageGoodsValue: string;

  @Field(() => Decimal, { description: 'Charity resources received, yuan' })
  charityMoney: string;

  @Field(() => Decimal)
  charityGoodsValue: string;

  @Field(() => Decimal, { description: 'Volunteer hours recorded in the same period' })
  volunteerHours: string;
}

@InputType()
export class ContributionInput {
  @Field(() => LinkageParty)
  @IsEnum(LinkageParty)
  party: LinkageParty;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0, { message: 'people must not be negative' })
  @Max(1000000)
  people: number = 0;

  @Field(() => Decimal, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsDecimalAmount()
  hours: string = '0';

  @Field(() => Decimal, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsDecimalAmount()
  money: string = '0';

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  goodsDescription?: string;

  @Field(() => Decimal, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsDecimalAmount()
  goodsValue: string = '0';

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

@InputType()
export class LinkageInput {
  @Field(() => ID)
  @IsUUID()
  stationId: string;

  @Field(() => ID, { description: 'Where: the station’s node or one below it' })
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
  linkageDate: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  description?: string;

  @Field(() => [ContributionInput], { description: 'At least one of the five parties, each at most once' })
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ContributionInput)
  contributions: ContributionInput[];
}

@InputType()
export class CharityResourceInput {
  @Field(() => ID)
  @IsUUID()
  stationId: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'donorName must not be empty' })
  @MaxLength(100)
  donorName: string;

  @Field(() => DonorKind)
  @IsEnum(DonorKind)
  donorKind: DonorKind;

  @Field(() => Decimal, { nullable: true, description: 'Money, yuan; default 0' })
  @IsOptional()
  @IsDecimalAmount()
  amount: string = '0';

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  goodsDescription?: string;

  @Field(() => Decimal, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsDecimalAmount()
  goodsValue: string = '0';

  @Field(() => LocalDate)
  @IsLocalDate()
  receivedOn: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  purpose?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  linkageId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  activityId?: string;

  @Field(() => [ID], { defaultValue: [], description: 'The people served it went to' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  serviceObjectIds: string[] = [];
}

@InputType()
export class LedgerFilter {
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
}
