import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Gender } from '@platform/personal-data/gender';
import { Narrative, Personal, PersonalData, Reveal } from '@access';

export enum ServiceCategory {
  FAMILY_IN_DIFFICULTY = 'FAMILY_IN_DIFFICULTY',
  SUBSISTENCE_ALLOWANCE = 'SUBSISTENCE_ALLOWANCE',
  EXTREME_POVERTY = 'EXTREME_POVERTY',
  ELDERLY_LIVING_ALONE = 'ELDERLY_LIVING_ALONE',
  EMPTY_NEST_ELDERLY = 'EMPTY_NEST_ELDERLY',
  VERY_OLD = 'VERY_OLD',
  DISABLED_ELDERLY = 'DISABLED_ELDERLY',
  CHILD_IN_DIFFICULTY = 'CHILD_IN_DIFFICULTY',
  LEFT_BEHIND_CHILD = 'LEFT_BEHIND_CHILD',
  SEVERELY_DISABLED = 'SEVERELY_DISABLED',
  SERIOUSLY_ILL = 'SERIOUSLY_ILL',
  ORPHAN = 'ORPHAN',
  HIGH_RISK_AFTER_EVENT = 'HIGH_RISK_AFTER_EVENT',
  OTHER = 'OTHER',
}
registerEnumType(ServiceCategory, {
  name: 'ServiceCategory',
  valuesMap: {
    FAMILY_IN_DIFFICULTY: { description: '困难家庭' },
    SUBSISTENCE_ALLOWANCE: { description: '低保' },
    EXTREME_POVERTY: { description: '特困供养' },
    ELDERLY_LIVING_ALONE: { description: '独居老人' },
    EMPTY_NEST_ELDERLY: { description: '空巢老人' },
    VERY_OLD: { description: '高龄老人' },
    DISABLED_ELDERLY: { description: '失能老人' },
    CHILD_IN_DIFFICULTY: { description: '困境儿童' },
    LEFT_BEHIND_CHILD: { description: '留守儿童' },
    SEVERELY_DISABLED: { description: '重度残疾' },
    SERIOUSLY_ILL: { description: '大病患者' },
    ORPHAN: { description: '孤儿(含散居孤儿)' },
    HIGH_RISK_AFTER_EVENT: { description: '突发事件高风险对象' },
    OTHER: { description: '其他' },
  },
});

export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}
registerEnumType(RiskLevel, { name: 'RiskLevel' });

@PersonalData()
@ObjectType()
export class EmergencyContact {
  @Personal(Reveal.NAME, () => String, { nullable: true })
  name: string | null;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  phone: string | null;

  @Personal(Reveal.DETAIL, () => String, { nullable: true, description: 'e.g. 子女, 监护人, 邻居' })
  relation: string | null;
}

@PersonalData<ServiceObject>({
  owner: (o) => ({ subject: 'ServiceObject', record: objectSubject(o), audit: 'SERVICE_OBJECT' }),
})
@ObjectType({
  description: 'A person served (服务对象), one file per person in a city. Bureaus see the name masked and no contact details or identity number.',
})
export class ServiceObject {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  stationId: string;

  @Field(() => ID, { nullable: true, description: 'The village/community node the person lives in' })
  communityId: string | null;

  @Personal(Reveal.NAME, () => String, { description: 'In full at the station; masked (王**) for bureaus' })
  name: string;

  @Field(() => Gender)
  gender: Gender;

  @Personal(Reveal.DETAIL, () => LocalDate, { nullable: true })
  birthDate: string | null;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  phone: string | null;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  address: string | null;

  @Field(() => [ServiceCategory])
  categories: ServiceCategory[];

  @Field(() => RiskLevel)
  riskLevel: RiskLevel;

  @Personal(Reveal.DETAIL, () => EmergencyContact, { nullable: true, description: 'Guardian or emergency contact' })
  emergencyContact: EmergencyContact | null;

  @Narrative()
  notes: string | null;

  @Personal(Reveal.ID_NUMBER, () => String, {
    nullable: true,
    description: 'In full for the station head and the responsible worker (audited), masked for other station staff and supervisors, absent for bureaus',
  })
  idNumber: string | null;

  @Field()
  createdAt: Date;

  path: string;
  responsibleWorkerIds: string[];
}

/** What access rules need to know of a person's file. */
export function objectSubject(o: { id: string; path: string; responsibleWorkerIds: string[] }) {
  return { id: o.id, path: o.path, responsibleWorkerIds: o.responsibleWorkerIds };
}

export const ServiceObjectPage = Paginated(ServiceObject, 'ServiceObjectPage');
