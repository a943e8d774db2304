import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Trim } from '@platform/graphql/trim';
import { AgreesWithIdentityNumber, IsIdentityNumber } from '@platform/personal-data/identity-number';
import { Gender } from '@platform/personal-data/gender';
import { RiskLevel, ServiceCategory } from '../service-object.model';

const PHONE = /^[0-9+\-() ]{5,20}$/;

@InputType()
export class EmergencyContactInput {
  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @Matches(PHONE, { message: 'phone must be 5–20 digits' })
  phone?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(20)
  relation?: string;
}

@InputType()
export class ServiceObjectDetailsInput {
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

  @Field(() => LocalDate, { nullable: true, description: 'Taken from the identity number when omitted; must agree with it' })
  @IsOptional()
  @IsLocalDate()
  birthDate?: string;

  @Field({ description: '18-character resident identity number; one file per number in the city' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIdentityNumber()
  idNumber: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @Matches(PHONE, { message: 'phone must be 5–20 digits' })
  phone?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  address?: string;

  @Field(() => ID, { nullable: true, description: 'The village/community node the person lives in, within the station’s area' })
  @IsOptional()
  @IsUUID()
  communityId?: string;

  @Field(() => [ServiceCategory], { defaultValue: [] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(14)
  @IsEnum(ServiceCategory, { each: true })
  categories: ServiceCategory[] = [];

  @Field(() => RiskLevel, { defaultValue: RiskLevel.LOW })
  @IsEnum(RiskLevel)
  riskLevel: RiskLevel = RiskLevel.LOW;

  @Field(() => EmergencyContactInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmergencyContactInput)
  emergencyContact?: EmergencyContactInput;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

@InputType()
export class RegisterServiceObjectInput extends ServiceObjectDetailsInput {
  @Field(() => ID, { description: 'The station serving the person' })
  @IsUUID()
  stationId: string;
}

@InputType()
export class ServiceObjectFilter {
  @Field(() => ID, { nullable: true, description: 'People served by stations in this subtree' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field({ nullable: true, description: 'Part of the name' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  search?: string;

  @Field({ nullable: true, description: 'The last four characters of the identity number' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Length(4, 4, { message: 'idNumberTail must be the last 4 characters' })
  @Matches(/^[0-9]{3}[0-9X]$/, { message: 'idNumberTail must be the last 4 characters' })
  idNumberTail?: string;

  @Field(() => ServiceCategory, { nullable: true })
  @IsOptional()
  @IsEnum(ServiceCategory)
  category?: ServiceCategory;

  @Field(() => RiskLevel, { nullable: true })
  @IsOptional()
  @IsEnum(RiskLevel)
  riskLevel?: RiskLevel;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  communityId?: string;
}
