import { Field, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsTimeZone, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Trim } from '@platform/graphql/trim';

@InputType()
export class FirstAdminInput {
  @Field()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[a-z0-9][a-z0-9_.-]{2,63}$/, { message: 'username must be 3–64 characters of a–z, 0–9, _ . -' })
  username: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'displayName must not be empty' })
  @MaxLength(100)
  displayName: string;

  @Field()
  @IsString()
  @MaxLength(128)
  password: string;
}

@InputType()
export class CreateTenantInput {
  @Field({ description: 'Sign-in code, e.g. "jinan": 2–32 of a–z, 0–9, -' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'code must be 2–32 characters of a–z, 0–9, - starting with a letter' })
  code: string;

  @Field({ description: 'The city, e.g. 济南市' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field({ description: "The city's 6-digit administrative division code, ending in 00" })
  @Trim()
  @Matches(/^[0-9]{4}00$/, { message: 'cityCode must be 6 digits ending in 00' })
  cityCode: string;

  @Field({ nullable: true, defaultValue: 'Asia/Shanghai' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @Field(() => FirstAdminInput)
  @ValidateNested()
  @Type(() => FirstAdminInput)
  admin: FirstAdminInput;
}
