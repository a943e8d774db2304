import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

@InputType()
export class LoginInput {
  @Field({ nullable: true, description: 'Tenant (city) code, e.g. "jinan". Omit to sign in as a platform operator.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'tenant must not be empty; omit it to sign in as a platform operator' })
  @MaxLength(32)
  tenant?: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  currentPassword: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  newPassword: string;
}
