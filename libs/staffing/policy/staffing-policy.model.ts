import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { OrgLevel } from '@org';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';

@ObjectType({ description: 'An exact fraction, e.g. 2/3' })
export class Fraction {
  @Field(() => Int)
  numerator: number;

  @Field(() => Int)
  denominator: number;
}

@ObjectType({ description: 'A city’s staffing rule for its stations, in force from a date' })
export class StaffingPolicy {
  @Field(() => ID, { nullable: true, description: 'None for the built-in default' })
  id: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'In force from this day; none for the built-in default' })
  effectiveFrom: string | null;

  @Field(() => Int, { description: 'Minimum staff per station' })
  minStaff: number;

  @Field(() => Fraction, { description: 'Minimum share of certified staff, compared exactly' })
  minCertifiedShare: Fraction;

  @Field(() => Int, { nullable: true, description: 'Minimum full-time staff, if the city sets one' })
  minFullTime: number | null;

  @Field(() => Int, { nullable: true, description: 'Minimum number of certified staff, if the city sets one' })
  minCertifiedCount: number | null;

  @Field(() => [OrgLevel], { description: 'The levels whose stations the rule applies to' })
  appliesToLevels: OrgLevel[];

  @Field(() => Int, { description: 'Days a staff change may wait before it is filed' })
  filingDeadlineDays: number;

  @Field({ description: 'True for the built-in default (Jinan: at least 3 staff, two-thirds certified)' })
  isDefault: boolean;
}

@InputType()
export class FractionInput {
  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'numerator must not be negative' })
  @Max(1000)
  numerator: number;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'denominator must be at least 1' })
  @Max(1000)
  denominator: number;
}

@InputType()
export class StaffingPolicyInput {
  @Field(() => LocalDate, { description: 'In force from this day; replaces a policy set for the same day' })
  @IsLocalDate()
  effectiveFrom: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(1000)
  minStaff: number;

  @Field(() => FractionInput)
  @ValidateNested()
  @Type(() => FractionInput)
  minCertifiedShare: FractionInput;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  minFullTime?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  minCertifiedCount?: number;

  @Field(() => [OrgLevel], { nullable: true, description: 'Default: street/town stations' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsEnum(OrgLevel, { each: true })
  appliesToLevels?: OrgLevel[];

  @Field(() => Int, { nullable: true, description: 'Default 7' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  filingDeadlineDays?: number;
}
