import { Workbook } from 'exceljs';
import { TestApp } from './support/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['工单编号', '受理时间', '诉求人', '联系电话', '地址', '诉求分类', '诉求内容', '紧急程度'];

describe('work-order intake: file import and the hotline’s endpoint', () => {
  let t: TestApp;
  let dispatcher: string;
  let officer: string;
  let worker: string;
  let cityAdmin: string;
  let lixia: string;

  beforeAll(async () => {
    t = await TestApp.start();
    [dispatcher, officer, worker, cityAdmin] = await Promise.all(['lixia.dispatcher', 'lixia.officer', 'jfl.worker', 'city.admin'].map((u) => t.login(u)));
    lixia = await t.nodeId('370102');
  });
  afterAll(() => t.close());

  const count = async () => (await t.ownerQuery(`select count(*)::int as n from work_order`))[0].n as number;
  const csv = (rows: string[][]) => [HEADER, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
  const upload = (body: string | Buffer, type: string, token?: string, node = lixia) => {
    const req = t.http.post(`/imports/work-orders?intakeNodeId=${node}`).set('content-type', type);
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.send(body);
  };

  const ROWS = [
    ['C-1', '2026-03-01 08:30', '张三', '13800000001', '历下区一路', '养老服务', '老人需要助餐', '一般'],
    ['C-2', '2026-03-01T09:00:00+08:00', '李四', '', '', '社会救助', '申请临时救助，"急"', '紧急'],
    ['C-3', '2026-02-30 08:00', '王五', '', '', '养老服务', '日期不对', '一般'],
    ['C-4', '2026-03-01 10:00', '赵六', '13800000004', '', '不存在的分类', '分类不对', '一般'],
    ['', '2026-03-01 10:00', '钱七', '', '', '其他', '没有编号', '一般'],
    ['C-6', '2026-03-01 11:00', '孙八', 'call me', '', '其他', '电话不对', '很急'],
    ['C-7', '2026-03-01 12:00', '周九', '', '', '儿童关爱', '', '一般'],
    ['C-1', '2026-03-01 12:00', '吴十', '', '', '其他', '同一文件里重复', '一般'],
  ];

  it('imports a CSV row by row: good rows created, bad ones refused with the reason; the same file again creates nothing', async () => {
    const before = await count();
    const res = await upload(csv(ROWS), 'text/csv; charset=utf-8', dispatcher);
    expect(res.status).toBe(200);
    const report = JSON.parse(res.text);
    expect({ created: report.created, duplicates: report.duplicates, refused: report.refused }).toEqual({ created: 2, duplicates: 1, refused: 5 });
    const byRow = Object.fromEntries(
      report.rows.map((r: { row: number; outcome: string; problems?: { field: string }[] }) => [
        r.row,
        [r.outcome, (r.problems ?? []).map((p) => p.field).sort()],
      ]),
    );
    expect(byRow).toEqual({
      2: ['CREATED', []],
      3: ['CREATED', []],
      4: ['REFUSED', ['receivedAt']],
      5: ['REFUSED', ['category']],
      6: ['REFUSED', ['orderNumber']],
      7: ['REFUSED', ['requesterPhone', 'urgency']],
      8: ['REFUSED', ['content']],
      9: ['DUPLICATE', ['orderNumber']],
    });
    expect(await count()).toBe(before + 2);
    const [c1] = await t.ownerQuery(`select received_at, urgency, status, org_path = intake_path as waiting from work_order where order_number = 'C-1'`);
    // Local times are the city's: 08:30 in Jinan.
    expect(c1).toEqual({ received_at: new Date('2026-03-01T00:30:00Z'), urgency: 'NORMAL', status: 'RECEIVED', waiting: true });
    const [c2] = await t.ownerQuery(`select content, urgency from work_order where order_number = 'C-2'`);
    expect(c2).toEqual({ content: '申请临时救助，"急"', urgency: 'URGENT' });
    const again = JSON.parse((await upload(csv(ROWS), 'text/csv', dispatcher)).text);
    expect({ created: again.created, duplicates: again.duplicates, refused: again.refused }).toEqual({ created: 0, duplicates: 3, refused: 5 });
    expect(await count()).toBe(before + 2);
  });

  it('imports an Excel workbook, its columns in any order', async () => {
    const book = new Workbook();
    const sheet = book.addWorksheet('工单');
    sheet.addRow(['诉求内容', '工单编号', '诉求人', '诉求分类', '受理时间']);
    sheet.addRow(['楼道灯坏了', 'X-1', '郑一', '社区治理', '2026-03-02 07:00']);
    sheet.addRow(['', 'X-2', '郑二', '社区治理', '2026-03-02 07:00']);
    const body = Buffer.from(await book.xlsx.writeBuffer());
    const report = JSON.parse((await upload(body, XLSX, dispatcher)).text);
    expect(report.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['CREATED', 'REFUSED']);
    expect((await upload(Buffer.from('not a workbook'), XLSX, dispatcher)).body).toMatchObject({ code: 'BAD_USER_INPUT' });
    const missing = await upload('工单编号,诉求人\nA,B', 'text/csv', dispatcher);
    expect(missing.status).toBe(400);
  });

  it('refuses those who may not dispatch, outside the subtree too, and writes nothing', async () => {
    const before = await count();
    const rows = csv([['Z-1', '2026-03-01 08:30', '张三', '', '', '其他', '内容', '一般']]);
    expect((await upload(rows, 'text/csv')).status).toBe(401);
    for (const token of [officer, worker]) expect((await upload(rows, 'text/csv', token)).body.code).toBe('FORBIDDEN');
    const other = await upload(rows, 'text/csv', dispatcher, await t.nodeId('370103'));
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await upload(rows, 'application/pdf', dispatcher)).status).toBeGreaterThanOrEqual(400);
    expect(await count()).toBe(before);
  });

  describe('the hotline’s endpoint', () => {
    const post = (key: string | undefined, body: Record<string, unknown>) => {
      const req = t.http.post('/intake/work-orders').set('content-type', 'application/json');
      if (key) req.set('x-api-key', key);
      return req.send(body);
    };
    const order = (n: string) => ({
      orderNumber: n,
      receivedAt: '2026-03-03T08:00:00+08:00',
      requesterName: '冯一',
      requesterPhone: '13900000000',
      category: '养老服务',
      content: '热线来单',
      urgency: '紧急',
    });

    it('takes an order with the city’s key, once per order number; a wrong or revoked key gets UNAUTHENTICATED and writes nothing', async () => {
      const { createWorkOrderIntakeKey: key } = await t.ok(`mutation { createWorkOrderIntakeKey(name: "12345 热线系统") { id key } }`, {}, cityAdmin);
      const [stored] = await t.ownerQuery(`select key_hash from work_order_intake_key where id = $1`, [key.id]);
      expect(stored.key_hash).not.toContain(key.key);
      const before = await count();
      const first = await post(key.key, order('H-1'));
      expect(first.status).toBe(201);
      const again = await post(key.key, order('H-1'));
      expect([again.status, again.body]).toEqual([200, { id: first.body.id, created: false }]);
      expect(await count()).toBe(before + 1);
      const [row] = await t.ownerQuery(`select status, urgency, created_by, requester_phone from work_order where id = $1`, [first.body.id]);
      expect(row).toEqual({ status: 'RECEIVED', urgency: 'URGENT', created_by: null, requester_phone: '13900000000' });
      // The city dispatcher sees it at the city's node; a district dispatcher does not.
      expect(errorOf(await t.gql(`query($id: ID!) { workOrder(id: $id) { id } }`, { id: first.body.id }, dispatcher))).toBe('NOT_FOUND');

      const bad = await post(key.key, { ...order('H-2'), category: '无此分类', requesterName: '' });
      expect([bad.status, bad.body.code, bad.body.fields.map((f: { field: string }) => f.field).sort()]).toEqual([
        400,
        'BAD_USER_INPUT',
        ['category', 'requesterName'],
      ]);
      for (const wrong of [undefined, 'wo_wrong', `${key.key}x`]) {
        const res = await post(wrong, order('H-3'));
        expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
      expect((await t.gql(`mutation($id: ID!) { revokeWorkOrderIntakeKey(id: $id) { id } }`, { id: key.id }, dispatcher)).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      await t.ok(`mutation($id: ID!) { revokeWorkOrderIntakeKey(id: $id) { revokedAt } }`, { id: key.id }, cityAdmin);
      const revoked = await post(key.key, order('H-4'));
      expect([revoked.status, revoked.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(await count()).toBe(before + 1);
      // The key table is behind row-level security like every tenant table.
      expect(await t.appQuery({ tenantId: '00000000-0000-4000-8000-000000000000', scope: [] }, `select * from work_order_intake_key`)).toHaveLength(0);
    });
  });
});

function errorOf(res: { errors?: { extensions?: { code?: string } }[] }): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}
