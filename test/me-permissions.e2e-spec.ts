import { TestApp } from './support/test-app';

/** me { permissions }: what each demo role may do, from the rules the guard enforces, for consoles to offer. */
describe('me: permissions, city and time zone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.close());

  const ME = `{ me { id tenantName timeZone permissions { action subject conditions } } }`;
  type Perm = { action: string; subject: string; conditions: Record<string, unknown>[] | null };
  const me = async (username: string, tenant: string | null = 'jinan') =>
    (await t.ok<{ me: { id: string; tenantName: string | null; timeZone: string; permissions: Perm[] } }>(ME, {}, await t.login(username, undefined, tenant)))
      .me;
  const find = (ps: Perm[], action: string, subject: string) => ps.find((p) => p.action === action && p.subject === subject);

  it('gives a social worker their own cases to change and replies to supervision, and nothing of the head', async () => {
    const w = await me('jfl.worker');
    expect(w.tenantName).toBe('济南市');
    expect(w.timeZone).toBe('Asia/Shanghai');
    expect(find(w.permissions, 'create', 'ServiceObject')?.conditions).toBeNull();
    expect(find(w.permissions, 'update', 'CaseFile')?.conditions).toEqual([{ workerId: w.id }]);
    expect(find(w.permissions, 'create', 'SupervisionComment')?.conditions).toEqual([{ caseWorkerId: w.id, isReply: true }]);
    expect(find(w.permissions, 'readPersonalId', 'ServiceObject')?.conditions).toEqual([{ responsibleWorkerIds: w.id }]);
    for (const [action, subject] of [
      ['approveClosure', 'CaseFile'],
      ['transfer', 'CaseFile'],
      ['read', 'AuditLog'],
      ['create', 'StaffMember'],
    ])
      expect(find(w.permissions, action, subject)).toBeUndefined();
  });

  it('gives the station head closure approval, transfers, the roster and the audit log', async () => {
    const h = await me('jfl.head');
    for (const [action, subject] of [
      ['approveClosure', 'CaseFile'],
      ['transfer', 'CaseFile'],
      ['read', 'AuditLog'],
      ['create', 'StaffMember'],
      ['update', 'StaffFiling'],
    ])
      expect(find(h.permissions, action, subject)?.conditions).toBeNull();
  });

  it('gives a supervisor reading and commenting, and no change to a case', async () => {
    const s = await me('lixia.supervisor');
    expect(find(s.permissions, 'read', 'CaseFile')?.conditions).toBeNull();
    expect(find(s.permissions, 'create', 'SupervisionComment')?.conditions).toBeNull();
    expect(find(s.permissions, 'update', 'SupervisionComment')?.conditions).toEqual([{ authorId: s.id }]);
    expect(find(s.permissions, 'update', 'CaseFile')).toBeUndefined();
    expect(find(s.permissions, 'readPersonalId', 'ServiceObject')).toBeUndefined();
    expect(find(s.permissions, 'readMaskedPersonalId', 'ServiceObject')).toBeDefined();
  });

  it('gives the platform operator the tenant actions only', async () => {
    const o = await me('operator', null);
    expect(o.tenantName).toBeNull();
    expect(o.permissions.map((p) => `${p.action} ${p.subject}`).sort()).toEqual(['create Tenant', 'read Tenant', 'update Tenant']);
  });

  it('agrees with what the API then allows: a worker may not approve closure, the head may', async () => {
    const worker = await t.login('jfl.worker');
    const res = await t.gql(`mutation { decideCaseClosure(caseId: "00000000-0000-0000-0000-000000000000", input: { approve: true }) { id } }`, {}, worker);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const head = await t.login('jfl.head');
    const byHead = await t.gql(`mutation { decideCaseClosure(caseId: "00000000-0000-0000-0000-000000000000", input: { approve: true }) { id } }`, {}, head);
    expect(byHead.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
