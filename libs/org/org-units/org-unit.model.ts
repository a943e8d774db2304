import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Paginated } from '@platform/graphql/pagination';

export enum OrgLevel {
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  STREET = 'STREET',
  COMMUNITY = 'COMMUNITY',
}
registerEnumType(OrgLevel, {
  name: 'OrgLevel',
  description: 'The four levels: city 市, district/county 区县, street/town 街镇, village/community 村社',
});

export const LEVEL_NUMBER: Record<OrgLevel, number> = { CITY: 1, DISTRICT: 2, STREET: 3, COMMUNITY: 4 };
export const LEVEL_OF: Record<number, OrgLevel> = { 1: OrgLevel.CITY, 2: OrgLevel.DISTRICT, 3: OrgLevel.STREET, 4: OrgLevel.COMMUNITY };

@ObjectType({ description: 'A node of the four-level tree' })
export class OrgUnit {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field(() => OrgLevel)
  level: OrgLevel;

  @Field({ description: 'Administrative division code (6, 9 or 12 digits)' })
  code: string;

  @Field()
  name: string;

  @Field()
  createdAt: Date;

  /** Not exposed: used for access checks. */
  path: string;
}

export const OrgUnitPage = Paginated(OrgUnit, 'OrgUnitPage');
