import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Trim } from '@platform/graphql/trim';
import { AgreesWithIdentityNumber, IsIdentityNumber } from '@platform/personal-data/identity-number';
import { CertificateLevel, Education, EmploymentType, Gender, StaffPosition } from '../staff.model';

@InputType()
export class StaffDetailsInput {
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

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'phone must be 5–20 digits' })
  phone?: string;

  @Field({ description: '18-character resident identity number' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIdentityNumber()
  idNumber: string;

  @Field(() => Education, { nullable: true })
  @IsOptional()
  @IsEnum(Education)
  education?: Education;

  @Field(() => EmploymentType)
  @IsEnum(EmploymentType)
  employmentType: EmploymentType;

  @Field(() => StaffPosition)
  @IsEnum(StaffPosition)
  position: StaffPosition;

  @Field({ nullable: true, description: 'The agency employing this person (often the station’s operating agency)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  employerAgency?: string;

  @Field(() => LocalDate)
  @IsLocalDate()
  startDate: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

@InputType()
export class AddStaffMemberInput extends StaffDetailsInput {
  @Field(() => ID)
  @IsUUID()
  stationId: string;
}

@InputType()
export class EndStaffMemberInput {
  @Field(() => LocalDate, { description: 'The last day served' })
  @IsLocalDate()
  endDate: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

@InputType()
export class StaffFilter {
  @Field(() => ID, { nullable: true, description: 'Staff of stations in this subtree' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Only staff employed on this day' })
  @IsLocalDate()
  @IsOptional()
  activeOn?: string;

  @Field({ nullable: true, description: 'Part of the name' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  search?: string;
}

@InputType()
export class CertificateInput {
  @Field(() => CertificateLevel)
  @IsEnum(CertificateLevel)
  level: CertificateLevel;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'number must not be empty' })
  @MaxLength(40)
  number: string;

  @Field(() => LocalDate)
  @IsLocalDate()
  issuedOn: string;

  @Field(() => LocalDate, { nullable: true, description: 'The last day it is valid' })
  @IsLocalDate()
  @IsOptional()
  expiresOn?: string;
}
