import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Trim } from '@platform/graphql/trim';
import { FunctionRoom, StationStatus } from '../station.model';

@InputType({ description: 'The station record of a node' })
export class StationInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  address?: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000)
  floorAreaM2?: number;

  @Field(() => LocalDate, { nullable: true })
  @IsLocalDate()
  @IsOptional()
  openedOn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  operatingAgency?: string;

  @Field(() => [FunctionRoom], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsEnum(FunctionRoom, { each: true })
  functionRooms?: FunctionRoom[];

  @Field(() => StationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(StationStatus)
  status?: StationStatus;
}

@InputType()
export class StationFilter {
  @Field(() => ID, { nullable: true, description: 'Only stations in this subtree' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field({ nullable: true, description: 'Part of the name' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Field(() => StationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(StationStatus)
  status?: StationStatus;
}
