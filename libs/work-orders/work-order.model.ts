import { Narrative, Personal, PersonalData, Reveal } from '@access';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Decimal } from '@platform/graphql/decimal.scalar';
import { IsLocalDate, LocalDate } from '@platform/graphql/local-date.scalar';
import { Paginated } from '@platform/graphql/pagination';
import { Trim } from '@platform/graphql/trim';

export enum WorkOrderSource {
  HOTLINE_12345 = 'HOTLINE_12345',
  WALK_IN = 'WALK_IN',
  PHONE = 'PHONE',
  PROACTIVE = 'PROACTIVE',
}
registerEnumType(WorkOrderSource, {
  name: 'WorkOrderSource',
  valuesMap: {
    HOTLINE_12345: { description: '12345 热线' },
    WALK_IN: { description: '来访' },
    PHONE: { description: '来电(站点电话)' },
    PROACTIVE: { description: '未诉先办(主动发现)' },
  },
});

export enum WorkOrderUrgency {
  URGENT = 'URGENT',
  NORMAL = 'NORMAL',
}
registerEnumType(WorkOrderUrgency, { name: 'WorkOrderUrgency' });

export enum WorkOrderStatus {
  RECEIVED = 'RECEIVED',
  DISPATCHED = 'DISPATCHED',
  ACCEPTED = 'ACCEPTED',
  RETURNED = 'RETURNED',
  CLOSED = 'CLOSED',
}
registerEnumType(WorkOrderStatus, {
  name: 'WorkOrderStatus',
  valuesMap: {
    RECEIVED: { description: '待派单' },
    DISPATCHED: { description: '已派单，待签收' },
    ACCEPTED: { description: '已签收，办理中' },
    RETURNED: { description: '已退单，待重新派单' },
    CLOSED: { description: '已办结' },
  },
});

export enum Satisfaction {
  SATISFIED = 'SATISFIED',
  BASICALLY_SATISFIED = 'BASICALLY_SATISFIED',
  UNSATISFIED = 'UNSATISFIED',
}
registerEnumType(Satisfaction, {
  name: 'Satisfaction',
  valuesMap: { SATISFIED: { description: '满意' }, BASICALLY_SATISFIED: { description: '基本满意' }, UNSATISFIED: { description: '不满意' } },
});

export enum WorkOrderMoveKind {
  RECEIVE = 'RECEIVE',
  DISPATCH = 'DISPATCH',
  ACCEPT = 'ACCEPT',
  RETURN = 'RETURN',
  CLOSE = 'CLOSE',
  CALLBACK = 'CALLBACK',
  REOPEN = 'REOPEN',
  EXTEND = 'EXTEND',
}
registerEnumType(WorkOrderMoveKind, {
  name: 'WorkOrderMoveKind',
  valuesMap: {
    RECEIVE: { description: '受理' },
    DISPATCH: { description: '派单' },
    ACCEPT: { description: '签收' },
    RETURN: { description: '退单' },
    CLOSE: { description: '办结' },
    CALLBACK: { description: '回访' },
    REOPEN: { description: '重启' },
    EXTEND: { description: '延期' },
  },
});

export enum WorkOrderLogKind {
  CONTACT = 'CONTACT',
  ACTION = 'ACTION',
}
registerEnumType(WorkOrderLogKind, { name: 'WorkOrderLogKind', valuesMap: { CONTACT: { description: '联系诉求人' }, ACTION: { description: '办理措施' } } });

export enum ExtensionStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(ExtensionStatus, { name: 'ExtensionStatus' });

/** A category names a kind of request, not a person. */
@PersonalData<WorkOrderCategory>({ plain: ['name'] })
@ObjectType({ description: 'A class of the city’s work-order classification (社会救助, 养老服务…), possibly under a parent' })
export class WorkOrderCategory {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field()
  name: string;

  @Field(() => Int)
  sortOrder: number;

  @Field()
  active: boolean;
}

@ObjectType({ description: 'The city’s deadlines: contact the requester within hours, resolve by the end of the day so many days after receipt' })
export class WorkOrderPolicy {
  @Field(() => Int)
  urgentContactHours: number;

  @Field(() => Int)
  urgentResolveDays: number;

  @Field(() => Int)
  normalContactHours: number;

  @Field(() => Int)
  normalResolveDays: number;

  @Field({ description: 'The city’s time zone, in which resolve deadlines and report periods are days' })
  timeZone: string;
}

/** The name of whoever moved the order is an account's display name, revealed where accounts are (not here). */
@PersonalData<WorkOrderMove>({ plain: ['stationName'] })
@ObjectType({ description: 'One move of a work order: received, dispatched, accepted (签收), sent back (退单), closed, called back, reopened' })
export class WorkOrderMove {
  @Field(() => ID)
  id: string;

  @Field(() => WorkOrderMoveKind)
  kind: WorkOrderMoveKind;

  @Field(() => ID, { nullable: true, description: 'The station it went to (dispatch) or came from (accept, return, close)' })
  stationId: string | null;

  @Field(() => String, { nullable: true, description: 'The station’s name' })
  stationName: string | null;

  @Narrative({ description: 'Why it was sent back, reopened or extended; a callback’s note' })
  reason: string | null;

  @Field(() => ID, { nullable: true })
  actorId: string | null;

  @Field(() => Date)
  at: Date;
}

@PersonalData<WorkOrderLog>({ plain: [] })
@ObjectType({ description: 'A contact with the requester or an action taken on the request' })
export class WorkOrderLog {
  @Field(() => ID)
  id: string;

  @Field(() => WorkOrderLogKind)
  kind: WorkOrderLogKind;

  @Narrative()
  note: string | null;

  @Field(() => ID)
  actorId: string;

  @Field(() => Date)
  at: Date;
}

@PersonalData<WorkOrderExtension>({ plain: [] })
@ObjectType({ description: 'A station’s request for a later resolve deadline, decided by the dispatcher' })
export class WorkOrderExtension {
  @Field(() => ID)
  id: string;

  @Field(() => Date)
  requestedDue: Date;

  @Narrative()
  reason: string | null;

  @Field(() => ExtensionStatus)
  status: ExtensionStatus;

  @Field(() => Date)
  requestedAt: Date;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;
}

@PersonalData<WorkOrder>({
  owner: (w) => ({ subject: 'WorkOrder', record: { id: w.id, path: w.path }, audit: 'WORK_ORDER' }),
  plain: ['orderNumber', 'categoryName', 'stationName'],
})
@ObjectType({ description: 'A citizen request (工单): from the 12345 hotline, a walk-in, a phone call, or found by the station (未诉先办)' })
export class WorkOrder {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'The hotline’s own order number, unique in the city' })
  orderNumber: string | null;

  @Field(() => WorkOrderSource)
  source: WorkOrderSource;

  @Field(() => Date)
  receivedAt: Date;

  @Personal(Reveal.NAME, () => String)
  requesterName: string;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  requesterPhone: string | null;

  @Personal(Reveal.DETAIL, () => String, { nullable: true })
  address: string | null;

  @Field(() => ID)
  categoryId: string;

  @Field({ description: 'The category’s name' })
  categoryName: string;

  @Narrative({ description: 'What the requester asks (诉求内容)' })
  content: string | null;

  @Field(() => WorkOrderUrgency)
  urgency: WorkOrderUrgency;

  @Field(() => ID, { description: 'The node that received it and dispatches it' })
  intakeNodeId: string;

  @Field(() => ID, { nullable: true, description: 'The station it is dispatched to or handled by' })
  stationId: string | null;

  @Field(() => String, { nullable: true })
  stationName: string | null;

  @Field(() => WorkOrderStatus)
  status: WorkOrderStatus;

  @Field(() => Date, { description: 'Contact the requester by then' })
  contactDue: Date;

  @Field(() => Date, { description: 'Resolve by then (an approved extension moves it)' })
  resolveDue: Date;

  @Field(() => Date, { nullable: true })
  firstContactedAt: Date | null;

  @Field(() => Date, { nullable: true })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Narrative({ description: 'What was done (办理结果)' })
  result: string | null;

  @Narrative({ description: 'The reply to the requester (答复内容)' })
  reply: string | null;

  @Field(() => Satisfaction, { nullable: true })
  satisfaction: Satisfaction | null;

  @Field(() => Date, { nullable: true })
  callbackAt: Date | null;

  @Field(() => Int)
  reopenCount: number;

  @Field(() => ID, { nullable: true })
  serviceObjectId: string | null;

  @Field(() => ID, { nullable: true })
  caseFileId: string | null;

  @Field({ description: 'Contact or resolve deadline passed while the order is open, as of now' })
  overdue: boolean;

  path: string;
}

export const WorkOrderPage = Paginated(WorkOrder, 'WorkOrderPage');

@ObjectType({ description: 'One rate: how many met it of how many were due, and the percentage (null when none were due)' })
export class Rate {
  @Field(() => Int)
  met: number;

  @Field(() => Int)
  due: number;

  @Field(() => Decimal, { nullable: true, description: 'Percent, two decimals' })
  percent: string | null;
}

@ObjectType({ description: 'The three rates (三率) of the orders received in a period' })
export class WorkOrderRates {
  @Field(() => Int, { description: 'Orders received in the period' })
  received: number;

  @Field(() => Int)
  closed: number;

  @Field(() => Int, { description: 'Open orders past a deadline now' })
  overdue: number;

  @Field(() => Rate, { description: '响应率: first contact within the contact deadline, of those contacted or past it' })
  response: Rate;

  @Field(() => Rate, { description: '解决率: closed by the resolve deadline, of those closed or past it' })
  resolution: Rate;

  @Field(() => Rate, { description: '满意率: 满意 or 基本满意, of those called back' })
  satisfaction: Rate;
}

/** Station names name stations. */
@PersonalData<StationRates>({ plain: ['stationName'] })
@ObjectType()
export class StationRates {
  @Field(() => ID)
  stationId: string;

  @Field()
  stationName: string;

  @Field(() => WorkOrderRates)
  rates: WorkOrderRates;
}

@InputType()
export class CreateWorkOrderInput {
  @Field(() => ID, { description: 'The receiving node (the dispatcher’s) or the station’s node for its own orders' })
  @IsUUID()
  intakeNodeId: string;

  @Field(() => WorkOrderSource)
  @IsEnum(WorkOrderSource)
  source: WorkOrderSource;

  @Field({ nullable: true, description: 'Required for 12345 orders' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[0-9A-Za-z-]{1,40}$/, { message: 'orderNumber must be 1–40 letters, digits or -' })
  orderNumber?: string;

  @Field(() => Date, { nullable: true, description: 'Default now; not in the future' })
  @IsOptional()
  @IsDate()
  receivedAt?: Date;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'requesterName must not be empty' })
  @MaxLength(50)
  requesterName: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'requesterPhone must be 5–20 digits' })
  requesterPhone?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  address?: string;

  @Field(() => ID)
  @IsUUID()
  categoryId: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'content must not be empty' })
  @MaxLength(4000)
  content: string;

  @Field(() => WorkOrderUrgency, { defaultValue: WorkOrderUrgency.NORMAL })
  @IsEnum(WorkOrderUrgency)
  urgency: WorkOrderUrgency = WorkOrderUrgency.NORMAL;
}

@InputType()
export class WorkOrderFilter {
  @Field(() => ID, { nullable: true, description: 'Orders now within this subtree' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => [WorkOrderStatus], { nullable: true })
  @IsOptional()
  @IsEnum(WorkOrderStatus, { each: true })
  status?: WorkOrderStatus[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  stationId?: string;

  @Field({ nullable: true, description: 'Only those past a deadline now' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field(() => LocalDate, { nullable: true, description: 'Received on or after this day (city time)' })
  @IsOptional()
  @IsLocalDate()
  receivedFrom?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsLocalDate()
  receivedTo?: string;
}

@InputType()
export class ReasonInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reason must not be empty' })
  @MaxLength(1000)
  reason: string;
}

@InputType()
export class WorkOrderLogInput {
  @Field(() => WorkOrderLogKind)
  @IsEnum(WorkOrderLogKind)
  kind: WorkOrderLogKind;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'note must not be empty' })
  @MaxLength(2000)
  note: string;
}

@InputType()
export class CloseWorkOrderInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'result must not be empty' })
  @MaxLength(4000)
  result: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reply must not be empty' })
  @MaxLength(4000)
  reply: string;
}

@InputType()
export class CallbackInput {
  @Field(() => Satisfaction)
  @IsEnum(Satisfaction)
  satisfaction: Satisfaction;

  @Field({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

@InputType()
export class ExtensionInput {
  @Field(() => Date, { description: 'The new resolve deadline, later than the current one' })
  @IsDate()
  requestedDue: Date;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reason must not be empty' })
  @MaxLength(1000)
  reason: string;
}

@InputType()
export class WorkOrderPolicyInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(720)
  urgentContactHours: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(365)
  urgentResolveDays: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(720)
  normalContactHours: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(365)
  normalResolveDays: number;
}

@InputType()
export class WorkOrderCategoryInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(50)
  name: string;
}

@ObjectType({ description: 'A new API key for the hotline system: the key itself is shown this once' })
export class NewIntakeKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Send as the header `X-Api-Key`; only its hash is kept' })
  key: string;
}

@ObjectType({ description: 'An API key of the hotline system (its hash is kept, never the key)' })
export class IntakeKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'The first characters, to tell keys apart' })
  prefix: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}
