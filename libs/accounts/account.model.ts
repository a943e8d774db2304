import { Permission, Personal, PersonalData, Reveal, Role } from '@access';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Paginated } from '@platform/graphql/pagination';

@ObjectType({ description: 'A role granted to a user on a node: it applies to that node and everything below it' })
export class RoleAssignment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  userId: string;

  @Field(() => Role)
  role: Role;

  @Field(() => ID)
  orgUnitId: string;

  @Field()
  orgUnitName: string;

  @Field()
  createdAt: Date;

  path: string;
}

/** A username is a sign-in handle the account's managers choose, shown to whoever may list accounts. */
@PersonalData<UserAccount>({ owner: (u) => ({ subject: 'UserAccount', record: { id: u.id, path: u.path } }), plain: ['username'] })
@ObjectType({ description: 'A person who signs in to a tenant' })
export class UserAccount {
  @Field(() => ID)
  id: string;

  @Field()
  username: string;

  @Personal(Reveal.NAME, () => String, { description: 'In full for who manages the account (the city admin, the station head); masked for others' })
  displayName: string;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  phone: string | null;

  @Field()
  disabled: boolean;

  @Field(() => ID, { description: 'The node the account belongs to; its roles lie in this subtree' })
  orgUnitId: string;

  @Field(() => Date, { nullable: true })
  lastLoginAt: Date | null;

  @Field()
  createdAt: Date;

  path: string;
}

export const UserAccountPage = Paginated(UserAccount, 'UserAccountPage');

/** The caller's own account: nothing in it is hidden from them. */
@PersonalData<Me>({ plain: ['username', 'displayName', 'tenantName', 'timeZone'] })
@ObjectType({ description: 'The signed-in actor' })
export class Me {
  @Field(() => ID)
  id: string;

  @Field()
  username: string;

  @Field()
  displayName: string;

  @Field({ description: 'True for a platform operator, who belongs to no tenant' })
  isPlatformOperator: boolean;

  @Field(() => ID, { nullable: true })
  tenantId: string | null;

  @Field(() => [RoleAssignment])
  assignments: RoleAssignment[];

  @Field(() => String, { nullable: true, description: 'The city (tenant) you belong to, e.g. 济南市' })
  tenantName: string | null;

  @Field({ description: 'The IANA time zone your city’s dates are in (Asia/Shanghai for operators)' })
  timeZone: string;

  @Field(() => [Permission], { description: 'What your roles allow, from the rules the API enforces: consoles offer only these' })
  permissions: Permission[];
}
