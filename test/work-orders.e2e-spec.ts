import { Clock } from '../libs/work-orders/clock';
import { CREATE_TENANT, DEMO_PASSWORD, errorCode, errorFields, TestApp } from './support/test-app';

const ORDER = `id orderNumber source status receivedAt requesterName requesterPhone address content categoryName urgency stationId stationName
  contactDue resolveDue firstContactedAt closedAt result reply satisfaction reopenCount overdue
  moves { kind stationId reason } logs { kind note } extensions { status reason }`;
const CREATE = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${ORDER} } }`;
const GET = `query($id: ID!) { workOrder(id: $id) { ${ORDER} } }`;
const LIST = `query($filter: WorkOrderFilter, $page: PageInput) { workOrders(filter: $filter, page: $page) { total items { ${ORDER} } } }`;
const DISPATCH = `mutation($id: ID!, $stationId: ID!) { dispatchWorkOrder(id: $id, stationId: $stationId) { id status stationId } }`;
const ACCEPT = `mutation($id: ID!) { acceptWorkOrder(id: $id) { id status stationId } }`;
const SEND_BACK = `mutation($id: ID!, $reason: String!) { sendBackWorkOrder(id: $id, input: { reason: $reason }) { id status } }`;
const LOG = `mutation($id: ID!, $kind: WorkOrderLogKind!, $note: String!) { logWorkOrder(id: $id, input: { kind: $kind, note: $note }) { id firstContactedAt } }`;
const CLOSE = `mutation($id: ID!) { closeWorkOrder(id: $id, input: { result: "已协调解决", reply: "您反映的问题已解决" }) { id status closedAt } }`;
const CALLBACK = `mutation($id: ID!, $s: Satisfaction!) { callbackWorkOrder(id: $id, input: { satisfaction: $s, note: "电话回访" }) { id satisfaction } }`;
const REOPEN = `mutation($id: ID!) { reopenWorkOrder(id: $id, input: { reason: "诉求人不满意" }) { id status reopenCount } }`;
const RATES = `query($nodeId: ID!, $from: Date!, $to: Date!) {
  workOrderRates(nodeId: $nodeId, from: $from, to: $to) { received closed overdue response { met due percent } resolution { met due percent } satisfaction { met due percent } }
  workOrderStationRanking(nodeId: $nodeId, from: $from, to: $to) { stationId stationName rates { received resolution { met due percent } } } }`;

describe('work orders (接诉即办)', () => {
  let t: TestApp;
  let clock: Clock;
  let now: Date;
  const at = (iso: string) => {
    now = new Date(iso);
  };
  let dispatcher: string;
  let head: string;
  let worker: string;
  let qfsWorker: string;
  let officer: string;
  let shizhong: string;
  let supervisor: string;
  let cityAdmin: string;
  let lixia: string;
  let jfl: string;
  let qfs: string;
  let category: string;
  let jinanId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    clock = t.app.get(Clock, { strict: false });
    at('2026-01-31T15:30:00Z');
    jest.spyOn(clock, 'now').mockImplementation(() => now);
    [dispatcher, head, worker, qfsWorker, officer, shizhong, supervisor, cityAdmin] = await Promise.all(
      ['lixia.dispatcher', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.officer', 'shizhong.officer', 'lixia.supervisor', 'city.admin'].map((u) =>
        t.login(u),
      ),
    );
    lixia = await t.nodeId('370102');
    jfl = await t.stationId('370102001');
    qfs = await t.stationId('370102002');
    const { workOrderCategories } = await t.ok(`{ workOrderCategories { id name } }`, {}, dispatcher);
    expect(workOrderCategories.map((c: { name: string }) => c.name)).toEqual(['社会救助', '养老服务', '儿童关爱', '残疾人服务', '社区治理', '其他']);
    category = workOrderCategories[1].id;
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
  });
  afterAll(() => t.close());

  let seq = 0;
  const input = (extra: Record<string, unknown> = {}) => ({
    intakeNodeId: lixia,
    source: 'HOTLINE_12345',
    orderNumber: `12345-${++seq}`,
    requesterName: '王秀英',
    requesterPhone: '13800001234',
    address: '解放路1号',
    categoryId: category,
    content: '独居老人家中无人照料，请求社区上门看望',
    urgency: 'NORMAL',
    ...extra,
  });
  const create = async (extra: Record<string, unknown> = {}, token = dispatcher) => (await t.ok(CREATE, { input: input(extra) }, token)).createWorkOrder;
  const count = async () => (await t.ownerQuery(`select count(*)::int as n from work_order`))[0].n as number;

  describe('deadlines in the city’s time zone', () => {
    it('urgent 2 h / 1 day and normal 24 h / 7 days, across midnight and a month end (Asia/Shanghai)', async () => {
      at('2026-01-31T15:30:00Z'); // 23:30 on 31 January in Jinan
      const urgent = await create({ urgency: 'URGENT' });
      expect(urgent).toMatchObject({ status: 'RECEIVED', contactDue: '2026-01-31T17:30:00.000Z', resolveDue: '2026-02-01T16:00:00.000Z' });
      const normal = await create();
      expect(normal).toMatchObject({ contactDue: '2026-02-01T15:30:00.000Z', resolveDue: '2026-02-07T16:00:00.000Z' });
      // 40 minutes later it is 1 February in Jinan: the resolve day moves on by one.
      at('2026-01-31T16:10:00Z');
      const after = await create({ urgency: 'URGENT' });
      expect(after).toMatchObject({ contactDue: '2026-01-31T18:10:00.000Z', resolveDue: '2026-02-02T16:00:00.000Z' });
      // A received time given explicitly counts, not the time it was typed in.
      const earlier = await create({ receivedAt: '2026-01-31T15:59:59Z' });
      expect(earlier.resolveDue).toBe('2026-02-07T16:00:00.000Z');
      expect(earlier.moves).toEqual([{ kind: 'RECEIVE', stationId: null, reason: null }]);
    });

    it('follows the city’s own deadlines, and a city in another time zone', async () => {
      await t.ok(
        `mutation { setWorkOrderPolicy(input: { urgentContactHours: 1, urgentResolveDays: 2, normalContactHours: 12, normalResolveDays: 3 }) { normalResolveDays timeZone } }`,
        {},
        cityAdmin,
      );
      at('2026-02-28T15:00:00Z'); // 23:00 on 28 February in Jinan
      expect(await create({ urgency: 'URGENT' })).toMatchObject({ contactDue: '2026-02-28T16:00:00.000Z', resolveDue: '2026-03-02T16:00:00.000Z' });
      await t.ok(
        `mutation { setWorkOrderPolicy(input: { urgentContactHours: 2, urgentResolveDays: 1, normalContactHours: 24, normalResolveDays: 7 }) { normalResolveDays } }`,
        {},
        cityAdmin,
      );
      // The dispatcher may not change the city's policy.
      expect(
        errorCode(
          await t.gql(
            `mutation { setWorkOrderPolicy(input: { urgentContactHours: 1, urgentResolveDays: 1, normalContactHours: 1, normalResolveDays: 1 }) { timeZone } }`,
            {},
            dispatcher,
          ),
        ),
      ).toBe('FORBIDDEN');

      const operator = await t.login('operator', DEMO_PASSWORD, null);
      const { createTenant } = await t.ok(
        CREATE_TENANT,
        {
          input: {
            code: 'urumqi',
            name: '乌鲁木齐市',
            cityCode: '650100',
            timeZone: 'America/Los_Angeles',
            admin: { username: 'admin', displayName: '管理员', password: 'Second@City2026' },
          },
        },
        operator,
      );
      expect(createTenant.code).toBe('urumqi');
      const admin = await t.login('admin', 'Second@City2026', 'urumqi');
      const [{ id: cityNode }] = await t.ownerQuery(`select id from org_unit where tenant_id = $1 and level = 1`, [createTenant.id]);
      await t.ok(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { username: 'dispatcher', displayName: '派单员', password: 'Second@City2026', orgUnitId: cityNode, role: 'DISPATCHER' } },
        admin,
      );
      const other = await t.login('dispatcher', 'Second@City2026', 'urumqi');
      const { workOrderCategories } = await t.ok(`{ workOrderCategories { id name } }`, {}, other);
      expect(workOrderCategories).toHaveLength(6);
      // 07:30 on 1 March in Jinan is still 15:30 on 28 February in Los Angeles (UTC-8).
      at('2026-02-28T23:30:00Z');
      const { createWorkOrder } = await t.ok(
        CREATE,
        { input: input({ intakeNodeId: cityNode, categoryId: workOrderCategories[0].id, urgency: 'URGENT' }) },
        other,
      );
      expect(createWorkOrder).toMatchObject({ contactDue: '2026-03-01T01:30:00.000Z', resolveDue: '2026-03-02T08:00:00.000Z' });
      const jinan = await create({ urgency: 'URGENT' });
      expect(jinan.resolveDue).toBe('2026-03-02T16:00:00.000Z');
      // The other city sees none of Jinan's orders, and Jinan none of its own: not by id, list or rates.
      expect(errorCode(await t.gql(GET, { id: jinan.id }, other))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(GET, { id: createWorkOrder.id }, dispatcher))).toBe('NOT_FOUND');
      expect((await t.ok(LIST, {}, other)).workOrders.total).toBe(1);
      // The hotline order number is unique per city, not across cities.
      const same = await t.gql(CREATE, { input: input({ orderNumber: createWorkOrder.orderNumber }) }, dispatcher);
      expect(same.errors).toBeUndefined();
      // Wall 1: a raw probe as the application role under the other city's setting sees no Jinan row.
      for (const table of ['work_order', 'work_order_move', 'work_order_category', 'work_order_policy']) {
        const probe = await t.appQuery({ tenantId: createTenant.id, scope: [''] }, `select * from ${table} where tenant_id = $1`, [jinanId]);
        expect(probe).toHaveLength(0);
      }
      const paths = (await t.ownerQuery(`select array_agg(org_path::text) as p from work_order where tenant_id = $1`, [jinanId]))[0].p;
      expect(await t.appQuery({ tenantId: createTenant.id, scope: paths }, `select * from work_order where tenant_id = $1`, [jinanId])).toHaveLength(0);
      expect(await t.appQuery({ tenantId: jinanId, scope: paths }, `select * from work_order where tenant_id = $1`, [jinanId])).not.toHaveLength(0);
    });
  });

  describe('dispatch, accept, send back, handle, close, callback', () => {
    it('goes down the tree to a station, which accepts, contacts, acts and closes; the callback and reopening follow', async () => {
      at('2026-03-10T02:00:00Z');
      const o = await create();
      // Only a street or community station of the dispatcher's subtree.
      const shizhongStation = await t.stationId('370103001').catch(() => null);
      if (shizhongStation) expect(errorCode(await t.gql(DISPATCH, { id: o.id, stationId: shizhongStation }, dispatcher))).toBe('NOT_FOUND');
      expect(errorFields(await t.gql(DISPATCH, { id: o.id, stationId: await t.stationId('370102') }, dispatcher))).toEqual(['stationId']);
      // Before dispatch the station does not see it.
      expect(errorCode(await t.gql(GET, { id: o.id }, head))).toBe('NOT_FOUND');
      await t.ok(DISPATCH, { id: o.id, stationId: qfs }, dispatcher);
      // 退单 with the reason; re-dispatched to the right station.
      expect(errorFields(await t.gql(SEND_BACK, { id: o.id, reason: ' ' }, qfsWorker))).toEqual(['reason']);
      expect((await t.ok(SEND_BACK, { id: o.id, reason: '不属于本辖区' }, qfsWorker)).sendBackWorkOrder.status).toBe('RETURNED');
      expect(errorCode(await t.gql(GET, { id: o.id }, qfsWorker))).toBe('NOT_FOUND');
      await t.ok(DISPATCH, { id: o.id, stationId: jfl }, dispatcher);
      // The station must accept before it logs anything.
      expect((await t.gql(LOG, { id: o.id, kind: 'CONTACT', note: '电话联系' }, worker)).errors?.[0].extensions?.rule).toBe('work-order.not-at-station');
      at('2026-03-10T03:00:00Z');
      await t.ok(ACCEPT, { id: o.id }, worker);
      // Once accepted, the dispatcher cannot move it elsewhere.
      expect((await t.gql(DISPATCH, { id: o.id, stationId: qfs }, dispatcher)).errors?.[0].extensions?.rule).toBe('work-order.not-dispatchable');
      at('2026-03-10T04:00:00Z');
      expect((await t.ok(LOG, { id: o.id, kind: 'CONTACT', note: '电话联系诉求人，约定上门' }, worker)).logWorkOrder.firstContactedAt).toBe(
        '2026-03-10T04:00:00.000Z',
      );
      at('2026-03-10T05:00:00Z');
      await t.ok(LOG, { id: o.id, kind: 'CONTACT', note: '再次联系' }, worker);
      await t.ok(LOG, { id: o.id, kind: 'ACTION', note: '上门看望，链接助餐服务' }, worker);
      // Extension: asked by the station, decided by the dispatcher, once at a time.
      const EXT = `mutation($id: ID!, $due: DateTime!) { requestWorkOrderExtension(id: $id, input: { requestedDue: $due, reason: "需协调物业" }) { id } }`;
      expect(errorFields(await t.gql(EXT, { id: o.id, due: '2026-03-11T00:00:00Z' }, worker))).toEqual(['requestedDue']);
      await t.ok(EXT, { id: o.id, due: '2026-03-20T16:00:00Z' }, worker);
      expect((await t.gql(EXT, { id: o.id, due: '2026-03-21T16:00:00Z' }, worker)).errors?.[0].extensions?.rule).toBe('work-order.extension-pending');
      expect(errorCode(await t.gql(`mutation($id: ID!) { decideWorkOrderExtension(id: $id, approve: true) { id } }`, { id: o.id }, worker))).toBe('FORBIDDEN');
      await t.ok(`mutation($id: ID!) { decideWorkOrderExtension(id: $id, approve: true) { id } }`, { id: o.id }, dispatcher);
      // Callback before closing is refused; closing, then the callback.
      expect((await t.gql(CALLBACK, { id: o.id, s: 'SATISFIED' }, dispatcher)).errors?.[0].extensions?.rule).toBe('work-order.not-closed');
      await t.ok(CLOSE, { id: o.id }, head);
      expect((await t.gql(REOPEN, { id: o.id }, dispatcher)).errors?.[0].extensions?.rule).toBe('work-order.reopen-satisfied');
      await t.ok(CALLBACK, { id: o.id, s: 'UNSATISFIED' }, dispatcher);
      expect((await t.gql(CALLBACK, { id: o.id, s: 'SATISFIED' }, dispatcher)).errors?.[0].extensions?.rule).toBe('work-order.callback-done');
      expect((await t.ok(REOPEN, { id: o.id }, dispatcher)).reopenWorkOrder).toMatchObject({ status: 'ACCEPTED', reopenCount: 1 });
      await t.ok(CLOSE, { id: o.id }, head);
      await t.ok(CALLBACK, { id: o.id, s: 'BASICALLY_SATISFIED' }, dispatcher);
      const { workOrder } = await t.ok(GET, { id: o.id }, head);
      expect(workOrder).toMatchObject({
        status: 'CLOSED',
        stationName: expect.stringContaining('解放路'),
        resolveDue: '2026-03-20T16:00:00.000Z',
        satisfaction: 'BASICALLY_SATISFIED',
      });
      expect(workOrder.moves.map((m: { kind: string }) => m.kind)).toEqual([
        'RECEIVE',
        'DISPATCH',
        'RETURN',
        'DISPATCH',
        'ACCEPT',
        'EXTEND',
        'CLOSE',
        'CALLBACK',
        'REOPEN',
        'CLOSE',
        'CALLBACK',
      ]);
      expect(workOrder.moves[2]).toEqual({ kind: 'RETURN', stationId: qfs, reason: '不属于本辖区' });
      expect(workOrder.logs.map((l: { kind: string }) => l.kind)).toEqual(['CONTACT', 'CONTACT', 'ACTION']);
      expect(workOrder.extensions).toEqual([{ status: 'APPROVED', reason: '需协调物业' }]);
    });

    it('a station’s own walk-in order is accepted at once; a station cannot dispatch', async () => {
      const own = await create({ intakeNodeId: await t.nodeId('370102001'), source: 'WALK_IN', orderNumber: null }, worker);
      expect(own).toMatchObject({ status: 'ACCEPTED', stationId: jfl });
      expect(errorCode(await t.gql(DISPATCH, { id: own.id, stationId: qfs }, head))).toBe('FORBIDDEN');
    });

    it('links the order to a service object and opens a case through case work', async () => {
      const o = await create();
      await t.ok(DISPATCH, { id: o.id, stationId: jfl }, dispatcher);
      await t.ok(ACCEPT, { id: o.id }, head);
      const [person] = await t.ownerQuery(
        `select p.id from service_object p where p.org_path <@ (select org_path from station where id = $1)
          and not exists (select 1 from case_file c where c.service_object_id = p.id and c.stage <> 'CLOSED') limit 1`,
        [jfl],
      );
      const otherStation = await t.ownerQuery(`select id from service_object where org_path <@ (select org_path from station where id = $1) limit 1`, [qfs]);
      if (otherStation[0])
        expect(
          errorFields(
            await t.gql(
              `mutation($id: ID!, $p: ID!) { linkWorkOrderServiceObject(id: $id, serviceObjectId: $p) { id } }`,
              { id: o.id, p: otherStation[0].id },
              head,
            ),
          ),
        ).toEqual(['serviceObjectId']);
      expect(errorFields(await t.gql(`mutation($id: ID!) { openCaseFromWorkOrder(id: $id) { id } }`, { id: o.id }, head))).toEqual(['serviceObjectId']);
      if (!person) return;
      await t.ok(
        `mutation($id: ID!, $p: ID!) { linkWorkOrderServiceObject(id: $id, serviceObjectId: $p) { serviceObjectId } }`,
        { id: o.id, p: person.id },
        head,
      );
      const { openCaseFromWorkOrder } = await t.ok(`mutation($id: ID!) { openCaseFromWorkOrder(id: $id) { caseFileId } }`, { id: o.id }, head);
      const [c] = await t.ownerQuery(`select intake_source, service_object_id from case_file where id = $1`, [openCaseFromWorkOrder.caseFileId]);
      expect(c).toEqual({ intake_source: 'HOTLINE_12345', service_object_id: person.id });
    });
  });

  describe('racing requests', () => {
    it('an order accepted by two stations at once ends with exactly one', async () => {
      for (let round = 0; round < 3; round++) {
        const o = await create();
        await t.ok(DISPATCH, { id: o.id, stationId: qfs }, dispatcher);
        // The dispatcher moves it to 解放路 while 千佛山 accepts, and 解放路 accepts at the same moment.
        const results = await Promise.all([
          t.gql(ACCEPT, { id: o.id }, qfsWorker),
          t.gql(DISPATCH, { id: o.id, stationId: jfl }, dispatcher).then(async (r) => [r, await t.gql(ACCEPT, { id: o.id }, head)] as const),
          t.gql(ACCEPT, { id: o.id }, worker),
        ]);
        const [qfsAccept, [redispatch, jflHead], jflWorker] = results;
        const accepts = [qfsAccept, jflHead, jflWorker].filter((r) => !r.errors);
        expect(accepts).toHaveLength(1);
        const [row] = await t.ownerQuery(`select status, station_id from work_order where id = $1`, [o.id]);
        expect(row.status).toBe('ACCEPTED');
        expect(row.station_id).toBe(qfsAccept.errors ? jfl : qfs);
        if (!qfsAccept.errors) expect(redispatch.errors?.[0].extensions?.rule).toBe('work-order.not-dispatchable');
        const moves = await t.ownerQuery(`select kind, station_id from work_order_move where work_order_id = $1 and kind = 'ACCEPT'`, [o.id]);
        expect(moves).toEqual([{ kind: 'ACCEPT', station_id: row.station_id }]);
      }
    });
  });

  describe('personal data and access', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create()).id;
      await t.ok(DISPATCH, { id, stationId: jfl }, dispatcher);
      await t.ok(SEND_BACK, { id, reason: '请核实地址' }, head);
      await t.ok(DISPATCH, { id, stationId: jfl }, dispatcher);
    });

    it('the station and the dispatcher read phone and content in full (audited); the bureau sees a masked name and neither', async () => {
      for (const token of [dispatcher, head, worker]) {
        const { workOrder } = await t.ok(GET, { id }, token);
        expect(workOrder).toMatchObject({
          requesterName: '王秀英',
          requesterPhone: '13800001234',
          address: '解放路1号',
          content: expect.stringContaining('独居老人'),
        });
      }
      const reads = await t.ownerQuery(`select action from audit_log where entity = 'WORK_ORDER' and entity_id = $1 and action = 'READ_NARRATIVE'`, [id]);
      expect(reads.length).toBeGreaterThanOrEqual(3);
      for (const token of [officer, cityAdmin]) {
        const got = (await t.ok(GET, { id }, token)).workOrder;
        const listed = (await t.ok(LIST, { filter: { rootId: lixia }, page: { limit: 50 } }, token)).workOrders.items.find((w: { id: string }) => w.id === id);
        const overdue = (await t.ok(LIST, { filter: { overdue: false }, page: { limit: 50 } }, token)).workOrders.items.find(
          (w: { id: string }) => w.id === id,
        );
        for (const w of [got, listed, overdue]) {
          expect(w).toMatchObject({ requesterName: '王**', requesterPhone: null, address: null, content: null, result: null, reply: null });
          expect(w.moves.find((m: { kind: string }) => m.kind === 'RETURN').reason).toBeNull();
        }
      }
      // Mutations answer through the same revealer.
      await t.ok(ACCEPT, { id }, head);
      const { logWorkOrder } = await t.ok(
        `mutation($id: ID!) { logWorkOrder(id: $id, input: { kind: ACTION, note: "走访" }) { requesterPhone content } }`,
        { id },
        worker,
      );
      expect(logWorkOrder.requesterPhone).toBe('13800001234');
    });

    it('NOT_FOUND outside the subtree, FORBIDDEN for a role without the right', async () => {
      expect(errorCode(await t.gql(GET, { id }, shizhong))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(GET, { id }, qfsWorker))).toBe('NOT_FOUND');
      expect((await t.ok(LIST, {}, shizhong)).workOrders.total).toBe(0);
      expect(errorCode(await t.gql(GET, { id }, supervisor))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(LIST, {}, supervisor))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(DISPATCH, { id, stationId: qfs }, officer))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(CLOSE, { id }, officer))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(CLOSE, { id }, qfsWorker))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(CREATE, { input: input() }, officer))).toBe('FORBIDDEN');
      // A sibling district's officer cannot ask for the district's rates.
      expect(errorCode(await t.gql(RATES, { nodeId: lixia, from: '2026-01-01', to: '2026-12-31' }, shizhong))).toBe('NOT_FOUND');
      // A raw SQL probe scoped to the sibling district sees none of its rows.
      const [{ path }] = await t.ownerQuery(`select path::text as path from org_unit where code = '370103'`);
      const probe = await t.appQuery({ tenantId: jinanId, scope: [path] }, `select * from work_order where id = $1`, [id]);
      expect(probe).toHaveLength(0);
      const moves = await t.appQuery({ tenantId: jinanId, scope: [path] }, `select * from work_order_move where work_order_id = $1`, [id]);
      expect(moves).toHaveLength(0);
    });

    it('refuses bad input by field and writes nothing', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ content: '   ' }, 'content'],
        [{ requesterName: '' }, 'requesterName'],
        [{ requesterPhone: 'call me' }, 'requesterPhone'],
        [{ categoryId: '00000000-0000-4000-8000-000000000000' }, 'categoryId'],
        [{ orderNumber: null }, 'orderNumber'],
        [{ orderNumber: '12345/1' }, 'orderNumber'],
        [{ receivedAt: '2027-01-01T00:00:00Z' }, 'receivedAt'],
        [{ urgency: 'SOON' }, 'urgency'],
      ];
      for (const [extra, field] of cases) {
        const res = await t.gql(CREATE, { input: input(extra) }, dispatcher);
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        if (field !== 'urgency') expect(errorFields(res)).toEqual([field]);
      }
      const first = await create();
      const dup = await t.gql(CREATE, { input: input({ orderNumber: first.orderNumber }) }, dispatcher);
      expect(errorCode(dup)).toBe('CONFLICT');
      expect(dup.errors?.[0].extensions?.field).toBe('orderNumber');
      expect(await count()).toBe(before + 1);
      const rates = await t.gql(RATES, { nodeId: lixia, from: '2026-02-01', to: '2026-01-01' }, dispatcher);
      expect(errorFields(rates)).toEqual(['to']);
    });
  });

  describe('the three rates', () => {
    it('are exact under a fixed clock, by the city’s days, with the overdue list and the station ranking', async () => {
      // A district of its own for this test: 市中区 through a dispatcher granted there.
      const shizhongNode = await t.nodeId('370103');
      const [{ id: home }] = await t.ownerQuery(`select id from org_unit where code = '370103'`);
      const { createUser } = await t.ok(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { username: 'sz.dispatcher', displayName: '市中区派单员', password: DEMO_PASSWORD, orgUnitId: home, role: 'DISPATCHER' } },
        cityAdmin,
      );
      expect(createUser.id).toBeDefined();
      const sz = await t.login('sz.dispatcher');
      const [s1, s2] = (
        await t.ownerQuery(
          `select s.id from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id where o.code like '370103%' and o.level = 3 order by o.code limit 2`,
        )
      ).map((r) => r.id as string);
      // The stations' heads: made here, since the demo has none in 市中区.
      const heads: string[] = [];
      for (const [i, s] of [s1, s2].entries()) {
        const [{ org_unit_id }] = await t.ownerQuery(`select org_unit_id from station where id = $1`, [s]);
        await t.ok(
          `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
          { input: { username: `sz.head${i}`, displayName: '站长', password: DEMO_PASSWORD, orgUnitId: org_unit_id, role: 'STATION_HEAD' } },
          cityAdmin,
        );
        heads.push(await t.login(`sz.head${i}`));
      }
      const make = async (receivedAt: string, station: number, urgency = 'NORMAL') => {
        at(receivedAt);
        const o = (await t.ok(CREATE, { input: input({ intakeNodeId: shizhongNode, urgency }) }, sz)).createWorkOrder;
        await t.ok(DISPATCH, { id: o.id, stationId: [s1, s2][station] }, sz);
        await t.ok(ACCEPT, { id: o.id }, heads[station]);
        return o.id as string;
      };
      const contact = async (id: string, when: string, station: number) => {
        at(when);
        await t.ok(LOG, { id, kind: 'CONTACT', note: '联系' }, heads[station]);
      };
      const close = async (id: string, when: string, station: number) => {
        at(when);
        await t.ok(CLOSE, { id }, heads[station]);
      };
      // 31 March in Jinan (UTC+8): from 2026-03-30T16:00Z to 2026-03-31T16:00Z.
      const a = await make('2026-03-30T16:00:00Z', 0); // 00:00 on 31 March: inside
      const b = await make('2026-03-31T15:59:59Z', 0, 'URGENT'); // 23:59:59 on 31 March: inside
      const c = await make('2026-03-31T10:00:00Z', 1);
      const d = await make('2026-03-30T15:59:59Z', 1); // 23:59:59 on 30 March: outside
      const e = await make('2026-03-31T16:00:00Z', 1); // 00:00 on 1 April: outside
      await contact(a, '2026-03-31T16:00:00Z', 0); // exactly at the deadline (24 h): met
      await contact(b, '2026-03-31T18:00:00Z', 0); // 2 h 1 s after: late
      await contact(c, '2026-04-01T10:00:00Z', 1); // exactly 24 h: met
      await contact(d, '2026-03-31T00:00:00Z', 1);
      // a resolved by the end of 7 April (2026-04-07T16:00Z); b's deadline is the end of 1 April; c late.
      await close(a, '2026-04-07T15:59:59Z', 0);
      await close(b, '2026-04-01T16:00:00Z', 0); // at the stroke of 2 April: met (by the deadline)
      await close(c, '2026-04-07T16:00:01Z', 1);
      await close(e, '2026-04-02T00:00:00Z', 1);
      at('2026-04-08T00:00:00Z');
      for (const [id, s] of [
        [a, 'SATISFIED'],
        [b, 'UNSATISFIED'],
        [c, 'BASICALLY_SATISFIED'],
      ])
        await t.ok(CALLBACK, { id, s }, sz);
      const month = { nodeId: shizhongNode, from: '2026-03-31', to: '2026-03-31' };
      const r = (await t.ok(RATES, month, sz)).workOrderRates;
      expect(r).toEqual({
        received: 3,
        closed: 3,
        overdue: 0,
        response: { met: 2, due: 3, percent: '66.67' },
        resolution: { met: 2, due: 3, percent: '66.67' },
        satisfaction: { met: 2, due: 3, percent: '66.67' },
      });
      // The same rates for the bureau; the whole month around the month end takes in d and e's month.
      expect((await t.ok(RATES, month, cityAdmin)).workOrderRates).toEqual(r);
      const ranking = (await t.ok(RATES, month, sz)).workOrderStationRanking;
      expect(
        ranking.map((x: { stationId: string; rates: { received: number; resolution: { percent: string } } }) => [
          x.stationId,
          x.rates.received,
          x.rates.resolution.percent,
        ]),
      ).toEqual([
        [s1, 2, '100.00'],
        [s2, 1, '0.00'],
      ]);
      const march = (await t.ok(RATES, { ...month, from: '2026-03-01' }, sz)).workOrderRates;
      expect(march).toMatchObject({ received: 4, closed: 3, overdue: 1, response: { met: 3, due: 4, percent: '75.00' }, resolution: { met: 2, due: 4 } });
      // d is open past its deadline: the overdue list holds it, and only it.
      const overdue = (await t.ok(LIST, { filter: { rootId: shizhongNode, overdue: true } }, sz)).workOrders;
      expect(overdue.items.map((w: { id: string }) => w.id)).toEqual([d]);
      // Before d's resolve deadline it is not overdue: the same query, an earlier clock.
      at('2026-04-06T00:00:00Z');
      expect((await t.ok(LIST, { filter: { rootId: shizhongNode, overdue: true } }, sz)).workOrders.total).toBe(0);
      // Period bounds count in the city's days: the day filters of the list agree with the rates.
      at('2026-04-08T00:00:00Z');
      const listed = (await t.ok(LIST, { filter: { rootId: shizhongNode, receivedFrom: '2026-03-31', receivedTo: '2026-03-31' } }, sz)).workOrders;
      expect(listed.items.map((w: { id: string }) => w.id).sort()).toEqual([a, b, c].sort());

      // The work-order figures of the statistics (the rollup kept by triggers) count the same orders, and a rebuild agrees.
      const STATS = `query($n: ID!) { statistics(nodeId: $n, from: "2026-03-01", to: "2026-04-30") {
        figures { workOrdersReceived workOrdersClosed workOrdersClosedInTime workOrdersSatisfied } } }`;
      const figures = (await t.ok(STATS, { n: shizhongNode }, cityAdmin)).statistics.figures;
      expect(figures).toEqual({ workOrdersReceived: 5, workOrdersClosed: 4, workOrdersClosedInTime: 3, workOrdersSatisfied: 2 });
      await t.ownerQuery(`select stat_rebuild($1, array['workOrdersReceived', 'workOrdersClosed', 'workOrdersClosedInTime', 'workOrdersSatisfied'])`, [
        jinanId,
      ]);
      expect((await t.ok(STATS, { n: shizhongNode }, cityAdmin)).statistics.figures).toEqual(figures);
    });
  });
});
