import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';

export enum StationStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}
registerEnumType(StationStatus, { name: 'StationStatus' });

export enum FunctionRoom {
  CASE_ROOM = 'CASE_ROOM',
  GROUP_ROOM = 'GROUP_ROOM',
  ACTIVITY_ROOM = 'ACTIVITY_ROOM',
  RECEPTION = 'RECEPTION',
  OFFICE = 'OFFICE',
  COUNSELLING_ROOM = 'COUNSELLING_ROOM',
  VOLUNTEER_ROOM = 'VOLUNTEER_ROOM',
}
registerEnumType(FunctionRoom, {
  name: 'FunctionRoom',
  valuesMap: {
    CASE_ROOM: { description: '个案室' },
    GROUP_ROOM: { description: '小组活动室' },
    ACTIVITY_ROOM: { description: '多功能活动室' },
    RECEPTION: { description: '接待室' },
    OFFICE: { description: '办公室' },
    COUNSELLING_ROOM: { description: '心理咨询室' },
    VOLUNTEER_ROOM: { description: '志愿者服务室' },
  },
});

@ObjectType({ description: 'A social work station (社工站/室) hosted by one node of the tree' })
export class Station {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  orgUnitId: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  address: string | null;

  @Field(() => Float, { nullable: true, description: 'Floor area in square metres' })
  floorAreaM2: number | null;

  @Field(() => LocalDate, { nullable: true })
  openedOn: string | null;

  @Field(() => String, { nullable: true, description: 'The social work agency running the station under contract' })
  operatingAgency: string | null;

  @Field(() => [FunctionRoom])
  functionRooms: FunctionRoom[];

  @Field(() => StationStatus)
  status: StationStatus;

  /** Not exposed: used for access checks. */
  path: string;
}

export const StationPage = Paginated(Station, 'StationPage');
