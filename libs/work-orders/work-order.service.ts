import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, isWithin, scopeOf } from '@access';
import { AuditAction, AuditEntity, AuditService, CaseFileService, IntakeSource, ServiceObjectService } from '@casework';
import { CITY_TIME_ZONE, OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { pagedQuery } from '@platform/database/paged-query';
import { SqlFilter } from '@platform/database/sql-filter';
import { BadInputError, ConflictError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { Clock } from './clock';
import { WorkOrderPolicyService } from './work-order-policy.service';
import {
  CallbackInput,
  CloseWorkOrderInput,
  CreateWorkOrderInput,
  ExtensionInput,
  ExtensionStatus,
  Satisfaction,
  WorkOrder,
  WorkOrderExtension,
  WorkOrderFilter,
  WorkOrderLog,
  WorkOrderLogInput,
  WorkOrderLogKind,
  WorkOrderMove,
  WorkOrderMoveKind,
  WorkOrderSource,
  WorkOrderStatus,
  WorkOrderUrgency,
} from './work-order.model';

export const ORDER_NUMBER_TAKEN = 'This hotline order number is already registered in the city';
registerUniqueField('uq_work_order_number', 'orderNumber', ORDER_NUMBER_TAKEN, 'CONFLICT');

export interface WorkOrderRow {
  id: string;
  order_number: string | null;
  source: WorkOrderSource;
  received_at: Date;
  requester_name: string;
  requester_phone: string | null;
  address: string | null;
  category_id: string;
  category_name: string;
  content: string;
  urgency: WorkOrderUrgency;
  intake_node_id: string;
  intake_path: string;
  station_id: string | null;
  station_name: string | null;
  org_path: string;
  status: WorkOrderStatus;
  contact_due: Date;
  resolve_due: Date;
  first_contacted_at: Date | null;
  accepted_at: Date | null;
  closed_at: Date | null;
  result: string | null;
  reply: string | null;
  satisfaction: Satisfaction | null;
  callback_at: Date | null;
  reopen_count: number;
  service_object_id: string | null;
  case_file_id: string | null;
}

export const COLUMNS = `w.id, w.order_number, w.source, w.received_at, w.requester_name, w.requester_phone, w.address, w.category_id,
  c.name as category_name, w.content, w.urgency, w.intake_node_id, w.intake_path::text as intake_path, w.station_id, s.name as station_name,
  w.org_path::text as org_path, w.status, w.contact_due, w.resolve_due, w.first_contacted_at, w.accepted_at, w.closed_at, w.result, w.reply,
  w.satisfaction, w.callback_at, w.reopen_count, w.service_object_id, w.case_file_id`;
export const FROM = `from work_order w join work_order_category c on c.tenant_id = w.tenant_id and c.id = w.category_id
  left join station s on s.tenant_id = w.tenant_id and s.id = w.station_id`;

/** Open and past a deadline at `now`. */
export const OVERDUE_SQL = (now: string) => `(w.status <> 'CLOSED' and ((w.first_contacted_at is null and w.contact_due < ${now}) or w.resolve_due < ${now}))`;

export function isOverdue(r: Pick<WorkOrderRow, 'status' | 'first_contacted_at' | 'contact_due' | 'resolve_due'>, now: Date): boolean {
  if (r.status === WorkOrderStatus.CLOSED) return false;
  return (!r.first_contacted_at && r.contact_due < now) || r.resolve_due < now;
}

const INTAKE_SOURCE: Record<WorkOrderSource, IntakeSource> = {
  HOTLINE_12345: IntakeSource.HOTLINE_12345,
  WALK_IN: IntakeSource.WALK_IN,
  PHONE: IntakeSource.OTHER,
  PROACTIVE: IntakeSource.OUTREACH,
};

/** Where the city's day boundaries fall, for `received from/to` filters. */
const TZ = CITY_TIME_ZONE;

@Injectable()
export class WorkOrderService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly policy: WorkOrderPolicyService,
    private readonly orgUnits: OrgUnitService,
    private readonly stations: StationService,
    private readonly serviceObjects: ServiceObjectService,
    private readonly cases: CaseFileService,
    private readonly audit: AuditService,
  ) {}

  toModel = (r: WorkOrderRow, now = this.clock.now()): WorkOrder => ({
    id: r.id,
    orderNumber: r.order_number,
    source: r.source,
    receivedAt: r.received_at,
    requesterName: r.requester_name,
    requesterPhone: r.requester_phone,
    address: r.address,
    categoryId: r.category_id,
    categoryName: r.category_name,
    content: r.content,
    urgency: r.urgency,
    intakeNodeId: r.intake_node_id,
    stationId: r.station_id,
    stationName: r.station_name,
    status: r.status,
    contactDue: r.contact_due,
    resolveDue: r.resolve_due,
    firstContactedAt: r.first_contacted_at,
    acceptedAt: r.accepted_at,
    closedAt: r.closed_at,
    result: r.result,
    reply: r.reply,
    satisfaction: r.satisfaction,
    callbackAt: r.callback_at,
    reopenCount: r.reopen_count,
    serviceObjectId: r.service_object_id,
    caseFileId: r.case_file_id,
    overdue: isOverdue(r, now),
    path: r.org_path,
  });

  private async load(actor: Actor, id: string, lock = false): Promise<WorkOrderRow> {
    const [row] = await this.db.query<WorkOrderRow>(`select ${COLUMNS} ${FROM} where w.id = $1${lock ? ' for update of w' : ''}`, [id]);
    if (!row) throw new NotFoundError('WorkOrder', id);
    this.access.assertVisible(actor, 'WorkOrder', { id, path: row.org_path });
    return row;
  }

  async get(actor: Actor, id: string): Promise<WorkOrder> {
    return this.toModel(await this.load(actor, id));
  }

  async list(actor: Actor, filter: WorkOrderFilter = {}, page?: PageInput): Promise<Page<WorkOrder>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'WorkOrder'), { path: 'w.org_path' });
    if (filter.rootId) f.where((p) => `w.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    if (filter.status?.length) f.where((p) => `w.status = any(${p}::text[])`, filter.status);
    if (filter.stationId) f.where((p) => `w.station_id = ${p}::uuid`, filter.stationId);
    const now = this.clock.now();
    if (filter.overdue === true) f.where((p) => OVERDUE_SQL(`${p}::timestamptz`), now);
    if (filter.overdue === false) f.where((p) => `not ${OVERDUE_SQL(`${p}::timestamptz`)}`, now);
    if (filter.receivedFrom) f.where((p) => `w.received_at >= (${p}::date::timestamp at time zone ${TZ})`, filter.receivedFrom);
    if (filter.receivedTo) f.where((p) => `w.received_at < ((${p}::date + 1)::timestamp at time zone ${TZ})`, filter.receivedTo);
    return pagedQuery<WorkOrderRow, WorkOrder>(
      { select: COLUMNS, from: `${FROM} where ${f.sql}`, params: f.params, orderBy: 'w.received_at desc, w.id' },
      page,
      (r) => this.toModel(r, now),
    );
  }

  /**
   * Registers an order. A dispatcher's order waits at the receiving node for dispatch; a station's
   * own (walk-in, phone, 未诉先办) is at the station and already accepted.
   */
  async create(actor: Actor, input: CreateWorkOrderInput, createdBy: string | null = actor.id): Promise<WorkOrder> {
    const node = await this.orgUnits.get(actor, input.intakeNodeId);
    this.access.assert(actor, 'create', 'WorkOrder', { path: node.path });
    const row = await this.insert(input, node, actor.can('dispatch', 'WorkOrder', { path: node.path }), createdBy, actor);
    if (!row) throw new ConflictError(ORDER_NUMBER_TAKEN, { field: 'orderNumber' });
    return this.get(actor, row);
  }

  /** Checks an order's fields; the problems found, by field (empty when it may be written). */
  async problems(input: CreateWorkOrderInput): Promise<{ field: string; message: string }[]> {
    const problems: { field: string; message: string }[] = [];
    const now = this.clock.now();
    if (input.source === WorkOrderSource.HOTLINE_12345 && !input.orderNumber) problems.push({ field: 'orderNumber', message: 'is required for a 12345 order' });
    if (input.receivedAt && input.receivedAt.getTime() > now.getTime()) problems.push({ field: 'receivedAt', message: 'must not be in the future' });
    const category = await this.policy.category(input.categoryId);
    if (!category || !category.active) problems.push({ field: 'categoryId', message: 'no such category in the city' });
    return problems;
  }

  /**
   * Writes one order (the intake's and the API's path). Returns its id, or null when the hotline
   * order number is already there (the caller decides: CONFLICT, or "nothing new" for imports).
   */
  async insert(
    input: CreateWorkOrderInput,
    node: { id: string; path: string },
    dispatches: boolean,
    createdBy: string | null,
    actor: Actor | null,
  ): Promise<string | null> {
    const problems = await this.problems(input);
    if (problems.length) throw new BadInputError(problems);
    let station: { id: string; path: string } | undefined;
    if (!dispatches) {
      const [s] = await this.db.query<{ id: string; path: string }>(`select id, org_path::text as path from station where org_unit_id = $1`, [node.id]);
      if (!s) throw BadInputError.field('intakeNodeId', 'a station takes its own orders at its node');
      station = s;
    }
    const now = this.clock.now();
    const receivedAt = input.receivedAt ?? now;
    const due = await this.policy.deadlines(receivedAt, input.urgency);
    const status = station ? WorkOrderStatus.ACCEPTED : WorkOrderStatus.RECEIVED;
    const [row] = await this.db.query<{ id: string }>(
      `insert into work_order (tenant_id, order_number, source, received_at, requester_name, requester_phone, address, category_id, content, urgency,
                               intake_node_id, intake_path, station_id, org_path, status, contact_due, resolve_due, accepted_at, created_by)
       values (app_tenant(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::ltree, $12, $13::ltree, $14, $15, $16, $17, $18)
       on conflict (tenant_id, order_number) do nothing returning id`,
      [
        input.orderNumber ?? null,
        input.source,
        receivedAt,
        input.requesterName,
        input.requesterPhone ?? null,
        input.address ?? null,
        input.categoryId,
        input.content,
        input.urgency,
        node.id,
        node.path,
        station?.id ?? null,
        station?.path ?? node.path,
        status,
        due.contactDue,
        due.resolveDue,
        station ? now : null,
        createdBy,
      ],
    );
    if (!row) return null;
    await this.move(row.id, WorkOrderMoveKind.RECEIVE, null, null, createdBy, receivedAt);
    if (station) await this.move(row.id, WorkOrderMoveKind.ACCEPT, station.id, null, createdBy, now);
    if (actor)
      await this.audit.changed(actor, { action: AuditAction.CREATE, entity: AuditEntity.WORK_ORDER, entityId: row.id, path: station?.path ?? node.path });
    return row.id;
  }

  private async move(orderId: string, kind: WorkOrderMoveKind, stationId: string | null, reason: string | null, actorId: string | null, at: Date) {
    await this.db.query(
      `insert into work_order_move (tenant_id, work_order_id, kind, station_id, reason, actor_id, at) values (app_tenant(), $1, $2, $3, $4, $5, $6)`,
      [orderId, kind, stationId, reason, actorId, at],
    );
  }

  private async changed(actor: Actor, id: string, path: string, what: string): Promise<WorkOrder> {
    await this.audit.changed(actor, { action: AuditAction.UPDATE, entity: AuditEntity.WORK_ORDER, entityId: id, path, detail: { what } });
    return this.get(actor, id);
  }

  /**
   * Sends the order to a street or community station of the dispatcher's subtree, or to another
   * one while it waits to be accepted. An accepted order is the station's until it sends it back.
   */
  async dispatch(actor: Actor, id: string, stationId: string): Promise<WorkOrder> {
    const order = await this.load(actor, id, true);
    this.access.assert(actor, 'dispatch', 'WorkOrder', { id, path: order.intake_path });
    const station = await this.stations.get(actor, stationId);
    if (!isWithin(station.path, order.intake_path) || station.path.split('.').length < 3)
      throw BadInputError.field('stationId', 'must be a street or community station under the receiving node');
    const [moved] = await this.db.query<{ id: string }>(
      `update work_order set status = 'DISPATCHED', station_id = $2, org_path = $3::ltree, accepted_at = null, updated_at = now()
        where id = $1 and status in ('RECEIVED', 'RETURNED', 'DISPATCHED') returning id`,
      [id, station.id, station.path],
    );
    if (!moved) throw new RuleViolatedError('work-order.not-dispatchable', 'The order is accepted or closed: it cannot be dispatched');
    await this.move(id, WorkOrderMoveKind.DISPATCH, station.id, null, actor.id, this.clock.now());
    return this.changed(actor, id, order.intake_path, 'dispatch');
  }

  /** The station accepts (签收): of racing accepts and re-dispatches, the row lock lets one through. */
  async accept(actor: Actor, id: string): Promise<WorkOrder> {
    const order = await this.load(actor, id, true);
    this.access.assert(actor, 'handle', 'WorkOrder', { id, path: order.org_path });
    const now = this.clock.now();
    const [row] = await this.db.query<{ station_id: string }>(
      `update work_order set status = 'ACCEPTED', accepted_at = $2, updated_at = now() where id = $1 and status = 'DISPATCHED' returning station_id`,
      [id, now],
    );
    if (!row) throw new RuleViolatedError('work-order.not-at-station', 'The order is not waiting at this station');
    await this.move(id, WorkOrderMoveKind.ACCEPT, row.station_id, null, actor.id, now);
    return this.changed(actor, id, order.org_path, 'accept');
  }

  /**
   * The station sends it back (退单) with the reason; it waits at the receiving node again. The
   * move is written first: once back, the order is out of the station's sight (row-level security).
   */
  async sendBack(actor: Actor, id: string, reason: string): Promise<WorkOrder> {
    const order = await this.load(actor, id, true);
    this.access.assert(actor, 'handle', 'WorkOrder', { id, path: order.org_path });
    if (order.status !== WorkOrderStatus.DISPATCHED && order.status !== WorkOrderStatus.ACCEPTED)
      throw new RuleViolatedError('work-order.not-at-station', 'The order is not waiting at or handled by this station');
    await this.move(id, WorkOrderMoveKind.RETURN, order.station_id, reason, actor.id, this.clock.now());
    await this.audit.changed(actor, {
      action: AuditAction.UPDATE,
      entity: AuditEntity.WORK_ORDER,
      entityId: id,
      path: order.org_path,
      detail: { what: 'return' },
    });
    // The row is locked (load … for update): the status checked above still holds. The order
    // leaves the caller's sight, so a function of the schema owner moves it (see the migration).
    const [{ moved }] = await this.db.query<{ moved: boolean }>(`select work_order_send_back($1) as moved`, [id]);
    if (!moved) throw new RuleViolatedError('work-order.not-at-station', 'The order is not waiting at or handled by this station');
    // The order has left the station: it answers with what it last saw.
    return this.toModel({ ...order, status: WorkOrderStatus.RETURNED, station_id: null, station_name: null, org_path: order.intake_path });
  }

  private async loadHandled(actor: Actor, id: string): Promise<WorkOrderRow> {
    const order = await this.load(actor, id, true);
    this.access.assert(actor, 'handle', 'WorkOrder', { id, path: order.org_path });
    if (order.status === WorkOrderStatus.CLOSED) throw new RuleViolatedError('work-order.closed', 'The order is closed');
    if (order.status !== WorkOrderStatus.ACCEPTED) throw new RuleViolatedError('work-order.not-at-station', 'Accept the order first');
    return order;
  }

  /** A contact with the requester (the first one is the response) or an action taken. */
  async log(actor: Actor, id: string, input: WorkOrderLogInput): Promise<WorkOrder> {
    const order = await this.loadHandled(actor, id);
    const now = this.clock.now();
    await this.db.query(`insert into work_order_contact (tenant_id, work_order_id, kind, note, actor_id, at) values (app_tenant(), $1, $2, $3, $4, $5)`, [
      id,
      input.kind,
      input.note,
      actor.id,
      now,
    ]);
    if (input.kind === WorkOrderLogKind.CONTACT)
      await this.db.query(`update work_order set first_contacted_at = coalesce(first_contacted_at, $2), updated_at = now() where id = $1`, [id, now]);
    return this.changed(actor, id, order.org_path, input.kind === WorkOrderLogKind.CONTACT ? 'contact' : 'action');
  }

  async requestExtension(actor: Actor, id: string, input: ExtensionInput): Promise<WorkOrder> {
    const order = await this.loadHandled(actor, id);
    if (input.requestedDue.getTime() <= order.resolve_due.getTime())
      throw BadInputError.field('requestedDue', 'must be later than the current resolve deadline');
    const [row] = await this.db.query<{ id: string }>(
      `insert into work_order_extension (tenant_id, work_order_id, requested_due, reason, requested_by, requested_at)
       values (app_tenant(), $1, $2, $3, $4, $5) on conflict (tenant_id, work_order_id) where status = 'PENDING' do nothing returning id`,
      [id, input.requestedDue, input.reason, actor.id, this.clock.now()],
    );
    if (!row) throw new RuleViolatedError('work-order.extension-pending', 'An extension request is waiting for the dispatcher');
    return this.changed(actor, id, order.org_path, 'extension request');
  }

  async decideExtension(actor: Actor, id: string, approve: boolean): Promise<WorkOrder> {
    const order = await this.load(actor, id, true);
    this.access.assert(actor, 'dispatch', 'WorkOrder', { id, path: order.intake_path });
    const now = this.clock.now();
    const [ext] = await this.db.query<{ requested_due: Date; reason: string }>(
      `update work_order_extension set status = $2, decided_by = $3, decided_at = $4 where work_order_id = $1 and status = 'PENDING' returning requested_due, reason`,
      [id, approve ? ExtensionStatus.APPROVED : ExtensionStatus.REJECTED, actor.id, now],
    );
    if (!ext) throw new RuleViolatedError('work-order.no-pending-extension', 'No extension request is waiting');
    if (approve) {
      await this.db.query(`update work_order set resolve_due = $2, updated_at = now() where id = $1`, [id, ext.requested_due]);
      await this.move(id, WorkOrderMoveKind.EXTEND, order.station_id, ext.reason, actor.id, now);
    }
    return this.changed(actor, id, order.org_path, approve ? 'extension approved' : 'extension rejected');
  }

  async close(actor: Actor, id: string, input: CloseWorkOrderInput): Promise<WorkOrder> {
    const order = await this.loadHandled(actor, id);
    const now = this.clock.now();
    await this.db.query(`update work_order set status = 'CLOSED', closed_at = $2, result = $3, reply = $4, updated_at = now() where id = $1`, [
      id,
      now,
      input.result,
      input.reply,
    ]);
    await this.move(id, WorkOrderMoveKind.CLOSE, order.station_id, null, actor.id, now);
    return this.changed(actor, id, order.org_path, 'close');
  }

  /** The callback (回访) records the requester's satisfaction, once per closing. */
  async callback(actor: Actor, id: string, input: CallbackInput): Promise<WorkOrder> {
    const order = await this.load(actor, id, true);
    this.access.assert(actor, 'dispatch', 'WorkOrder', { id, path: order.intake_path });
    if (order.status !== WorkOrderStatus.CLOSED) throw new RuleViolatedError('work-order.not-closed', 'The order is not closed yet');
    if (order.satisfaction) throw new RuleViolatedError('work-order.callback-done', 'The order has been called back');
    const now = this.clock.now();
    await this.db.query(`update work_order set satisfaction = $2, callback_at = $3, updated_at = now() where id = $1`, [id, input.satisfaction, now]);
    await this.move(id, WorkOrderMoveKind.CALLBACK, order.station_id, input.note ?? null, actor.id, now);
    return this.changed(actor, id, order.org_path, 'callback');
  }

  /** An unsatisfied requester's order goes back to the station that closed it. */
  async reopen(actor: Actor, id: string, reason: string): Promise<WorkOrder> {
    const order = await this.load(actor, id, true);
    this.access.assert(actor, 'dispatch', 'WorkOrder', { id, path: order.intake_path });
    if (order.status !== WorkOrderStatus.CLOSED || order.satisfaction !== Satisfaction.UNSATISFIED)
      throw new RuleViolatedError('work-order.reopen-satisfied', 'Only an order called back unsatisfied can be reopened');
    await this.db.query(
      `update work_order set status = 'ACCEPTED', closed_at = null, satisfaction = null, callback_at = null, reopen_count = reopen_count + 1, updated_at = now()
        where id = $1`,
      [id],
    );
    await this.move(id, WorkOrderMoveKind.REOPEN, order.station_id, reason, actor.id, this.clock.now());
    return this.changed(actor, id, order.org_path, 'reopen');
  }

  /** Links the order to the person's file at the station (found, or registered first). */
  async linkServiceObject(actor: Actor, id: string, serviceObjectId: string): Promise<WorkOrder> {
    const order = await this.loadHandled(actor, id);
    const person = await this.serviceObjects.get(actor, serviceObjectId).catch((e: unknown) => {
      if (e instanceof NotFoundError) throw BadInputError.field('serviceObjectId', 'no such service object at this station');
      throw e;
    });
    if (!isWithin(person.path, order.org_path)) throw BadInputError.field('serviceObjectId', 'no such service object at this station');
    await this.db.query(`update work_order set service_object_id = $2, updated_at = now() where id = $1`, [id, person.id]);
    return this.changed(actor, id, order.org_path, 'service object');
  }

  /** Opens a case for the linked person, through case work's own rules (one open case per person). */
  async openCase(actor: Actor, id: string): Promise<WorkOrder> {
    const order = await this.loadHandled(actor, id);
    if (!order.service_object_id) throw BadInputError.field('serviceObjectId', 'link the order to a service object first');
    const c = await this.cases.open(actor, {
      serviceObjectId: order.service_object_id,
      intakeSource: INTAKE_SOURCE[order.source],
      presentingProblem: order.content.slice(0, 2000),
    });
    await this.db.query(`update work_order set case_file_id = $2, updated_at = now() where id = $1`, [id, c.id]);
    return this.changed(actor, id, order.org_path, 'case');
  }

  /** The moves of orders, batched per request. */
  moves(orderId: string): Promise<WorkOrderMove[]> {
    return this.db.request
      .loader<string, WorkOrderMove[]>('workOrders.moves', async (ids) => {
        const rows = await this.db.query<{
          work_order_id: string;
          id: string;
          kind: WorkOrderMoveKind;
          station_id: string | null;
          station_name: string | null;
          reason: string | null;
          actor_id: string | null;
          at: Date;
        }>(
          `select m.work_order_id, m.id, m.kind, m.station_id, s.name as station_name, m.reason, m.actor_id, m.at
             from work_order_move m left join station s on s.tenant_id = m.tenant_id and s.id = m.station_id
            where m.work_order_id = any($1::uuid[]) order by m.at, m.recorded_at, m.id`,
          [ids],
        );
        return ids.map((oid) =>
          rows
            .filter((r) => r.work_order_id === oid)
            .map((r) => ({ id: r.id, kind: r.kind, stationId: r.station_id, stationName: r.station_name, reason: r.reason, actorId: r.actor_id, at: r.at })),
        );
      })
      .load(orderId);
  }

  logs(orderId: string): Promise<WorkOrderLog[]> {
    return this.db.request
      .loader<string, WorkOrderLog[]>('workOrders.logs', async (ids) => {
        const rows = await this.db.query<{ work_order_id: string; id: string; kind: WorkOrderLogKind; note: string | null; actor_id: string; at: Date }>(
          `select work_order_id, id, kind, note, actor_id, at from work_order_contact where work_order_id = any($1::uuid[]) order by at, recorded_at, id`,
          [ids],
        );
        return ids.map((oid) =>
          rows.filter((r) => r.work_order_id === oid).map((r) => ({ id: r.id, kind: r.kind, note: r.note, actorId: r.actor_id, at: r.at })),
        );
      })
      .load(orderId);
  }

  extensions(orderId: string): Promise<WorkOrderExtension[]> {
    return this.db.request
      .loader<string, WorkOrderExtension[]>('workOrders.extensions', async (ids) => {
        const rows = await this.db.query<{
          work_order_id: string;
          id: string;
          requested_due: Date;
          reason: string;
          status: ExtensionStatus;
          requested_at: Date;
          decided_at: Date | null;
        }>(
          `select work_order_id, id, requested_due, reason, status, requested_at, decided_at from work_order_extension
            where work_order_id = any($1::uuid[]) order by requested_at, id`,
          [ids],
        );
        return ids.map((oid) =>
          rows
            .filter((r) => r.work_order_id === oid)
            .map((r) => ({
              id: r.id,
              requestedDue: r.requested_due,
              reason: r.reason,
              status: r.status,
              requestedAt: r.requested_at,
              decidedAt: r.decided_at,
            })),
        );
      })
      .load(orderId);
  }
}
