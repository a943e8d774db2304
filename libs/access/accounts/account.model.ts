import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Paginated } from '@platform/graphql/pagination';
import { Role } from '../roles';

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

@ObjectType({ description: 'A person who signs in to a tenant' })
export class UserAccount {
  @Field(() => ID)
  id: string;

  @Field()
  username: string;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true })
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
}
