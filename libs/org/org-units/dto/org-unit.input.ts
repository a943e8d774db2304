import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Trim } from '@platform/graphql/trim';
import { StationInput } from '../../stations/dto/station.input';
import { OrgLevel } from '../org-unit.model';

@InputType()
export class CreateOrgUnitInput {
  @Field(() => ID, { description: 'The parent node; the new node is one level below it' })
  @IsUUID()
  parentId: string;

  @Field({ description: 'Administrative division code: 6 digits for a district, 9 for a street, 12 for a community' })
  @Trim()
  @Matches(/^[0-9]{6}([0-9]{3}){0,2}$/, { message: 'code must be 6, 9 or 12 digits' })
  code: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => StationInput, { nullable: true, description: 'The station this node hosts, created with it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StationInput)
  station?: StationInput;
}

@InputType()
export class UpdateOrgUnitInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;
}

@InputType()
export class OrgUnitFilter {
  @Field(() => ID, { nullable: true, description: 'Only this subtree (default: everything you can see)' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field({ nullable: true, description: 'Part of the name, or the start of the code' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Field(() => OrgLevel, { nullable: true })
  @IsOptional()
  @IsEnum(OrgLevel)
  level?: OrgLevel;
}
