import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Trim } from '@platform/graphql/trim';

@ObjectType({ description: 'A service item of the city’s catalog; activities and case services are tagged with one' })
export class CatalogItem {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  fieldId: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field({ description: 'Inactive items stay on old records but cannot tag new ones' })
  active: boolean;
}

@ObjectType({ description: 'A service field (领域) of the catalog, e.g. elderly care' })
export class CatalogField {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => [CatalogItem])
  items: CatalogItem[];
}

const CODE = /^[A-Z0-9_]{1,20}$/;

@InputType()
export class CatalogFieldInput {
  @Field({ description: 'A–Z, 0–9, _ (up to 20)' })
  @Trim()
  @Matches(CODE, { message: 'code must be 1–20 of A–Z, 0–9, _' })
  code: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(50)
  name: string;
}

@InputType()
export class CatalogItemInput {
  @Field(() => ID)
  @IsUUID()
  fieldId: string;

  @Field()
  @Trim()
  @Matches(CODE, { message: 'code must be 1–20 of A–Z, 0–9, _' })
  code: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;
}

@InputType()
export class CatalogItemUpdateInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
