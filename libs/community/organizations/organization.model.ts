import { Personal, PersonalData, Reveal } from '@access';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Trim } from '@platform/graphql/trim';

export enum OrganizationType {
  ELDERLY_SERVICE = 'ELDERLY_SERVICE',
  CHILDREN = 'CHILDREN',
  CULTURE_SPORTS = 'CULTURE_SPORTS',
  MUTUAL_AID = 'MUTUAL_AID',
  PUBLIC_WELFARE = 'PUBLIC_WELFARE',
  COMMUNITY_AFFAIRS = 'COMMUNITY_AFFAIRS',
  OTHER = 'OTHER',
}
registerEnumType(OrganizationType, {
  name: 'OrganizationType',
  valuesMap: {
    ELDERLY_SERVICE: { description: '养老服务类' },
    CHILDREN: { description: '儿童服务类' },
    CULTURE_SPORTS: { description: '文体类' },
    MUTUAL_AID: { description: '互助类' },
    PUBLIC_WELFARE: { description: '公益慈善类' },
    COMMUNITY_AFFAIRS: { description: '社区事务类' },
  },
});

export enum LegalStatus {
  REGISTERED = 'REGISTERED',
  FILED = 'FILED',
}
registerEnumType(LegalStatus, {
  name: 'LegalStatus',
  valuesMap: { REGISTERED: { description: '民政部门登记 (with a credit code)' }, FILED: { description: '街道备案' } },
});

export enum OrganizationStatus {
  ACTIVE = 'ACTIVE',
  DISSOLVED = 'DISSOLVED',
}
registerEnumType(OrganizationStatus, { name: 'OrganizationStatus' });

/** An organization's name and credit code name the organization; its leader and phone are a person's. */
@PersonalData<SocialOrganization>({
  owner: (o) => ({ subject: 'SocialOrganization', record: { id: o.id, path: o.path } }),
  plain: ['name', 'creditCode'],
})
@ObjectType({ description: 'A community social organization (社区社会组织)' })
export class SocialOrganization {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The node it serves' })
  nodeId: string;

  @Field()
  name: string;

  @Field(() => OrganizationType)
  type: OrganizationType;

  @Field(() => LegalStatus)
  legalStatus: LegalStatus;

  @Field(() => String, { nullable: true, description: 'Unified social credit code (统一社会信用代码) when registered' })
  creditCode: string | null;

  @Personal(Reveal.NAME, () => String, { nullable: true })
  leader: string | null;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  contactPhone: string | null;

  @Field(() => Int)
  memberCount: number;

  @Field(() => LocalDate, { nullable: true })
  foundedOn: string | null;

  @Field(() => ID, { nullable: true, description: 'The station cultivating it (培育), if any' })
  cultivatingStationId: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When cultivation began: "newly cultivated" counts by this date' })
  cultivatedSince: string | null;

  @Field(() => OrganizationStatus)
  status: OrganizationStatus;

  path: string;
}

export const SocialOrganizationPage = Paginated(SocialOrganization, 'SocialOrganizationPage');

@InputType()
export class OrganizationInput {
  @Field(() => ID)
  @IsUUID()
  nodeId: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => OrganizationType)
  @IsEnum(OrganizationType)
  type: OrganizationType;

  @Field(() => LegalStatus)
  @IsEnum(LegalStatus)
  legalStatus: LegalStatus;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { message: 'creditCode must be an 18-character unified social credit code' })
  creditCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  leader?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'contactPhone must be 5–20 digits' })
  contactPhone?: string;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0, { message: 'memberCount must not be negative' })
  @Max(1000000)
  memberCount: number = 0;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsLocalDate()
  foundedOn?: string;

  @Field(() => ID, { nullable: true, description: 'The station cultivating it' })
  @IsOptional()
  @IsUUID()
  cultivatingStationId?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsLocalDate()
  cultivatedSince?: string;

  @Field(() => OrganizationStatus, { defaultValue: OrganizationStatus.ACTIVE })
  @IsEnum(OrganizationStatus)
  status: OrganizationStatus = OrganizationStatus.ACTIVE;
}

@InputType()
export class OrganizationFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => OrganizationType, { nullable: true })
  @IsOptional()
  @IsEnum(OrganizationType)
  type?: OrganizationType;

  @Field({ nullable: true, description: 'Only those a station cultivates' })
  @IsOptional()
  @IsBoolean()
  cultivated?: boolean;
}

@ObjectType({ description: 'Organizations of a subtree over a period' })
export class OrganizationCounts {
  @Field(() => Int, { description: 'Distinct organizations taking part in activities (not voided) in the period: mobilized' })
  mobilized: number;

  @Field(() => Int, { description: 'Organizations whose cultivation began in the period' })
  newlyCultivated: number;
}
