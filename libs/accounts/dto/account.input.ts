import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { Trim } from '@platform/graphql/trim';
import { Role } from '@access';

const USERNAME = /^[a-z0-9][a-z0-9_.-]{2,63}$/;
const lower = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

@InputType()
export class CreateUserInput {
  @Field({ description: '3–64 of a–z, 0–9, _ . - ; stored in lower case' })
  @lower()
  @Matches(USERNAME, { message: 'username must be 3–64 characters of a–z, 0–9, _ . - and start with a letter or digit' })
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

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'phone must be 5–20 digits' })
  phone?: string;

  @Field(() => ID, { description: 'The node the account belongs to' })
  @IsUUID()
  orgUnitId: string;

  @Field(() => Role, { nullable: true, description: 'A role to grant at once on the same node' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}

@InputType()
export class GrantRoleInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field(() => ID)
  @IsUUID()
  orgUnitId: string;
}

@InputType()
export class UserFilter {
  @Field(() => ID, { nullable: true, description: 'Accounts belonging to this subtree' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field({ nullable: true, description: 'Part of the username or display name' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Field({ nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean()
  includeDisabled?: boolean;
}
