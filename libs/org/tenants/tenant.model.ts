import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Paginated } from '@platform/graphql/pagination';

export enum TenantStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(TenantStatus, { name: 'TenantStatus' });

@ObjectType({ description: 'A city: one tenant of the platform' })
export class Tenant {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Short code used to sign in, e.g. "jinan"' })
  code: string;

  @Field()
  name: string;

  @Field({ description: 'IANA time zone for dates, Asia/Shanghai by default' })
  timeZone: string;

  @Field(() => TenantStatus)
  status: TenantStatus;

  @Field()
  createdAt: Date;
}

export const TenantPage = Paginated(Tenant, 'TenantPage');
