import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { StaffingPolicy } from '../policy/staffing-policy.model';

export enum StaffingRule {
  MIN_STAFF = 'MIN_STAFF',
  MIN_CERTIFIED_SHARE = 'MIN_CERTIFIED_SHARE',
  MIN_FULL_TIME = 'MIN_FULL_TIME',
  MIN_CERTIFIED_COUNT = 'MIN_CERTIFIED_COUNT',
}
registerEnumType(StaffingRule, { name: 'StaffingRule' });

@ObjectType({ description: 'One staffing rule a station fails, with the figures' })
export class StaffingFailure {
  @Field(() => StaffingRule)
  rule: StaffingRule;

  @Field({ description: 'e.g. "3 staff, 1 certified, needs 2"' })
  message: string;

  @Field(() => Int)
  actual: number;

  @Field(() => Int)
  required: number;
}

@ObjectType({ description: 'Whether a station meets the staffing policy on a day' })
export class StationCompliance {
  @Field(() => ID)
  stationId: string;

  @Field()
  stationName: string;

  @Field(() => ID)
  orgUnitId: string;

  @Field()
  orgUnitCode: string;

  @Field(() => LocalDate)
  on: string;

  @Field({ description: 'False when the policy does not cover this station’s level' })
  applicable: boolean;

  @Field()
  complies: boolean;

  @Field(() => Int)
  staffCount: number;

  @Field(() => Int)
  certifiedCount: number;

  @Field(() => Int)
  fullTimeCount: number;

  @Field(() => [StaffingFailure])
  failures: StaffingFailure[];

  @Field(() => LocalDate, { nullable: true, description: 'The day the current run of failure began (none if it complies or if unknown)' })
  failingSince: string | null;

  @Field(() => StaffingPolicy)
  policy: StaffingPolicy;
}

@ObjectType()
export class StaffingComplianceReport {
  @Field(() => LocalDate)
  on: string;

  @Field(() => Int, { description: 'Stations the policy covers in the subtree' })
  stations: number;

  @Field(() => Int)
  compliant: number;

  @Field(() => Int)
  failing: number;

  @Field(() => Float, { nullable: true, description: 'compliant ÷ stations; none when there are no stations' })
  rate: number | null;

  @Field(() => [StationCompliance], { description: 'The failing stations, by division code, one page' })
  failingStations: StationCompliance[];
}
