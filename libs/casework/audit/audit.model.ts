import { Personal, PersonalData, Reveal } from '@access';
import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { GraphQLJSON } from '@platform/graphql/json.scalar';
import { Paginated } from '@platform/graphql/pagination';

export enum AuditAction {
  READ_NARRATIVE = 'READ_NARRATIVE',
  READ_ID_NUMBER = 'READ_ID_NUMBER',
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  STAGE_CHANGE = 'STAGE_CHANGE',
  CLOSURE_REQUEST = 'CLOSURE_REQUEST',
  CLOSURE_DECISION = 'CLOSURE_DECISION',
  TRANSFER = 'TRANSFER',
  COMMENT = 'COMMENT',
  /** A registration refused because the person is already registered in the city (a duplicate hit). */
  DUPLICATE_REGISTRATION = 'DUPLICATE_REGISTRATION',
}
registerEnumType(AuditAction, { name: 'AuditAction' });

export enum AuditEntity {
  SERVICE_OBJECT = 'SERVICE_OBJECT',
  CASE_FILE = 'CASE_FILE',
  STAFF_MEMBER = 'STAFF_MEMBER',
  VOLUNTEER = 'VOLUNTEER',
  HOME_VISIT = 'HOME_VISIT',
  GROUP_WORK = 'GROUP_WORK',
  GROUP_SESSION = 'GROUP_SESSION',
  COMMUNITY_ACTIVITY = 'COMMUNITY_ACTIVITY',
  LINKAGE = 'LINKAGE',
  WORK_ORDER = 'WORK_ORDER',
}
registerEnumType(AuditEntity, { name: 'AuditEntity' });

/** `detail` names what changed (field names, worker ids), never the text itself. */
@PersonalData<AuditRecord>({ owner: (a) => ({ subject: 'AuditLog', record: { id: a.id, path: a.path } }), plain: ['detail'] })
@ObjectType({ description: 'Who read or changed which personal record, and when' })
export class AuditRecord {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  actorId: string;

  @Personal(Reveal.NAME, () => String, { nullable: true })
  actorName: string | null;

  @Field(() => AuditAction)
  action: AuditAction;

  @Field(() => AuditEntity)
  entity: AuditEntity;

  @Field(() => ID)
  entityId: string;

  @Field(() => GraphQLJSON, { nullable: true })
  detail: Record<string, unknown> | null;

  @Field()
  at: Date;

  path: string;
}

export const AuditRecordPage = Paginated(AuditRecord, 'AuditRecordPage');

@InputType()
export class AuditFilter {
  @Field(() => ID, { nullable: true, description: 'Records of this subtree' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => ID, { nullable: true, description: 'Records about this service object or case file' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @Field(() => AuditAction, { nullable: true })
  @IsOptional()
  @IsEnum(AuditAction)
  action?: AuditAction;
}
