import { Narrative, Personal, PersonalData, Reveal } from '@access';
import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Gender } from '@platform/personal-data/gender';

export { Gender };

export enum Education {
  JUNIOR_HIGH = 'JUNIOR_HIGH',
  HIGH_SCHOOL = 'HIGH_SCHOOL',
  ASSOCIATE = 'ASSOCIATE',
  BACHELOR = 'BACHELOR',
  MASTER = 'MASTER',
  DOCTORATE = 'DOCTORATE',
}
registerEnumType(Education, {
  name: 'Education',
  valuesMap: {
    JUNIOR_HIGH: { description: '初中' },
    HIGH_SCHOOL: { description: '高中/中专' },
    ASSOCIATE: { description: '大专' },
    BACHELOR: { description: '本科' },
    MASTER: { description: '硕士' },
    DOCTORATE: { description: '博士' },
  },
});

export enum EmploymentType {
  FULL_TIME = 'FULL_TIME',
  PART_TIME = 'PART_TIME',
}
registerEnumType(EmploymentType, { name: 'EmploymentType', description: '专职 / 兼职' });

export enum StaffPosition {
  STATION_HEAD = 'STATION_HEAD',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  ASSISTANT = 'ASSISTANT',
  OTHER = 'OTHER',
}
registerEnumType(StaffPosition, {
  name: 'StaffPosition',
  valuesMap: { STATION_HEAD: { description: '站长' }, SOCIAL_WORKER: { description: '社工' }, ASSISTANT: { description: '助理/协理员' } },
});

export enum CertificateLevel {
  ASSISTANT_SOCIAL_WORKER = 'ASSISTANT_SOCIAL_WORKER',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  SENIOR_SOCIAL_WORKER = 'SENIOR_SOCIAL_WORKER',
}
registerEnumType(CertificateLevel, {
  name: 'CertificateLevel',
  valuesMap: {
    ASSISTANT_SOCIAL_WORKER: { description: '助理社会工作师' },
    SOCIAL_WORKER: { description: '社会工作师' },
    SENIOR_SOCIAL_WORKER: { description: '高级社会工作师' },
  },
});

@PersonalData<Certificate>({ owner: (c) => (c.path ? { subject: 'StaffMember', record: { id: c.staffId, path: c.path } } : undefined) })
@ObjectType({ description: 'A social work qualification certificate (社会工作者职业资格证书)' })
export class Certificate {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  staffId: string;

  @Field(() => CertificateLevel)
  level: CertificateLevel;

  @Personal(Reveal.DETAIL, () => String, { nullable: true, description: 'At the station only; bureaus see the level and dates' })
  number: string | null;

  @Field(() => LocalDate)
  issuedOn: string;

  @Field(() => LocalDate, { nullable: true, description: 'The last day it is valid; none if it does not expire' })
  expiresOn: string | null;

  path: string;
}

/** The employing agency is an organization, not a person. */
@PersonalData<StaffMember>({
  owner: (m) => ({ subject: 'StaffMember', record: { id: m.id, path: m.path }, audit: 'STAFF_MEMBER' }),
  plain: ['employerAgency'],
})
@ObjectType({ description: 'A member of a station’s staff roster' })
export class StaffMember {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  stationId: string;

  @Personal(Reveal.NAME, () => String, { description: 'In full at the station; masked for bureaus' })
  name: string;

  @Field(() => Gender)
  gender: Gender;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  phone: string | null;

  @Personal(Reveal.ID_NUMBER, () => String, {
    nullable: true,
    description: 'Identity number: in full for the station head, masked (3701**********1234) for station staff, absent for bureaus',
  })
  idNumber: string | null;

  @Field(() => Education, { nullable: true })
  education: Education | null;

  @Field(() => EmploymentType)
  employmentType: EmploymentType;

  @Field(() => StaffPosition)
  position: StaffPosition;

  @Field(() => String, { nullable: true })
  employerAgency: string | null;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate, { nullable: true, description: 'The last day served; none while employed' })
  endDate: string | null;

  @Narrative({ description: 'Why they left: for the station head only' })
  endReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The user account of this person, if any' })
  userId: string | null;

  path: string;
}

export const StaffMemberPage = Paginated(StaffMember, 'StaffMemberPage');
