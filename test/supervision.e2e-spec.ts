import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { CREATE_USER, expectBadInput, expectCode, expectRule, Row, TestApp } from './support/test-app';

// Supervision (督导) threads on case files, transfers of cases between workers, and the audit log:
// who may do what, the lists, and the append-only audit table. Over HTTP against the demo city
// Jinan, which holds no cases when seeded: every case here is made through the API.

const COMMENT = `id caseId noteId parentId authorId body resolved resolvedAt createdAt`;
const ADD_COMMENT = `mutation($caseId: ID!, $input: NewCommentInput!) { addSupervisionComment(caseId: $caseId, input: $input) { ${COMMENT} } }`;
const REPLY = `mutation($commentId: ID!, $input: CommentInput!) { replyToSupervisionComment(commentId: $commentId, input: $input) { ${COMMENT} } }`;
const RESOLVE = `mutation($commentId: ID!) { resolveSupervisionComment(commentId: $commentId) { ${COMMENT} } }`;
const COMMENTS = `query($filter: CommentFilter, $page: PageInput) { supervisionComments(filter: $filter, page: $page) { total items { ${COMMENT} } } }`;
const MY_OPEN = `query($page: PageInput) { myOpenSupervisionComments(page: $page) { total items { ${COMMENT} } } }`;
const CASE_COMMENTS = `query($id: ID!) { caseFile(id: $id) { id workerId comments { id body parentId noteId resolved authorId } commentCount openCommentCount } }`;
const CASE = `id caseNumber stage workerId stationId closedOn worker { id displayName }`;
const CASE_Q = `query($id: ID!) { caseFile(id: $id) { ${CASE} presentingProblem } }`;
const REGISTER = `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id } }`;
const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { ${CASE} } }`;
const ADD_NOTE = `mutation($caseId: ID!, $input: CaseNoteInput!) { addCaseNote(caseId: $caseId, input: $input) { id caseId } }`;
const TRANSFER = `mutation($caseId: ID!, $toWorkerId: ID!) { transferCase(caseId: $caseId, toWorkerId: $toWorkerId) { ${CASE} } }`;
const TRANSFER_ALL = `mutation($stationId: ID!, $fromWorkerId: ID!, $toWorkerId: ID!) {
  transferWorkerCases(stationId: $stationId, fromWorkerId: $fromWorkerId, toWorkerId: $toWorkerId) { ${CASE} } }`;
const AUDIT = `query($filter: AuditFilter, $page: PageInput) { auditLog(filter: $filter, page: $page) { total items { id actorId actorName action entity entityId detail at } } }`;
const DISABLE_USER = `mutation($id: ID!) { disableUser(id: $id) { id disabled } }`;

/** Distinct birth dates, so every person registered here has an identity number of their own. */
let births = 0;
function identityNumber(region = '370102'): string {
  const d = new Date(Date.UTC(1950, 0, 1));
  d.setUTCDate(d.getUTCDate() + births++);
  // An even 17th digit: a woman's number, as the people registered here are.
  return makeIdentityNumber(region, d.toISOString().slice(0, 10), '124');
}

describe('supervision, transfers and the audit log', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let names: Record<string, string>;
  let jinanId: string;
  let jflStation: string;
  let qfsStation: string;
  let otherStation: string;
  let jflNode: string;
  let jflPath: string;
  let today: string;

  /** Registers a person at a station and opens a case for them; the case's worker is the caller unless `workerId`. */
  const openCase = async (token: string, stationId: string, workerId?: string, region = '370102'): Promise<Row> => {
    const person = (
      await t.ok(
        REGISTER,
        { input: { stationId, name: '测试对象', gender: 'FEMALE', idNumber: identityNumber(region), categories: ['ELDERLY_LIVING_ALONE'] } },
        token,
      )
    ).registerServiceObject as Row;
    return (
      await t.ok(OPEN_CASE, { input: { serviceObjectId: person.id, workerId, intakeSource: 'WALK_IN', presentingProblem: '独居老人，需要生活照料' } }, token)
    ).openCase as Row;
  };
  const addNote = async (token: string, caseId: string, narrative = '面谈记录') =>
    (await t.ok(ADD_NOTE, { caseId, input: { noteDate: today, kind: 'INTERVIEW', durationMinutes: 30, narrative } }, token)).addCaseNote as Row;
  const comment = async (token: string, caseId: string, body: string, noteId?: string) =>
    (await t.ok(ADD_COMMENT, { caseId, input: { body, noteId } }, token)).addSupervisionComment as Row;
  const reply = async (token: string, commentId: string, body: string) =>
    (await t.ok(REPLY, { commentId, input: { body } }, token)).replyToSupervisionComment as Row;
  const resolve = async (token: string, commentId: string) => (await t.ok(RESOLVE, { commentId }, token)).resolveSupervisionComment as Row;
  const caseComments = async (token: string, caseId: string) => (await t.ok(CASE_COMMENTS, { id: caseId }, token)).caseFile as Row;
  /** Every item of a paged list, page by page. */
  const everything = async (query: string, key: string, variables: Row, token: string, limit = 100) => {
    const items: Row[] = [];
    let total = 0;
    for (let offset = 0; offset === 0 || offset < total; offset += limit) {
      const data = await t.ok(query, { ...variables, page: { offset, limit } }, token);
      total = data[key].total;
      items.push(...data[key].items);
    }
    expect(items).toHaveLength(total);
    return items;
  };
  const sorted = (xs: string[]) => [...xs].sort();
  /** The open thread roots on cases of a worker, straight from SQL. */
  const openRootsOf = async (workerId: string) =>
    (
      await t.ownerQuery<{ id: string }>(
        `select m.id from supervision_comment m join case_file c on c.id = m.case_id
          where c.worker_id = $1 and m.parent_id is null and m.resolved_at is null`,
        [workerId],
      )
    ).map((r) => r.id);
  /** An account made by the station head of 解放路 at the station, with the social worker's role. */
  const makeWorker = async (username: string): Promise<string> => {
    const { createUser } = await t.ok(
      CREATE_USER,
      { input: { username, displayName: `社工${username}`, password: 'Social@Worker2026', orgUnitId: jflNode, role: 'SOCIAL_WORKER' } },
      tokens['jfl.head'],
    );
    ids[username] = createUser.id;
    names[username] = `社工${username}`;
    tokens[username] = await t.login(username, 'Social@Worker2026');
    return createUser.id;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    [{ today }] = await t.ownerQuery(`select to_char(now() at time zone time_zone, 'YYYY-MM-DD') as today from tenant where code = 'jinan'`);
    jflStation = await t.stationId('370102001');
    qfsStation = await t.stationId('370102002');
    otherStation = await t.stationId('370102003');
    jflNode = await t.nodeId('370102001');
    [{ path: jflPath }] = await t.ownerQuery(`select path::text as path from org_unit where id = $1`, [jflNode]);
    tokens = {};
    ids = {};
    names = {};
    const users = ['city.admin', 'lixia.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor'];
    for (const u of users) tokens[u] = await t.login(u);
    for (const r of await t.ownerQuery(`select id, username, display_name from user_account where username = any($1)`, [users])) {
      ids[r.username] = r.id;
      names[r.username] = r.display_name;
    }
    // A second worker at 解放路, made by its station head.
    await makeWorker('jfl.worker2');
    // A head of 东关街道 (370102003), a station the supervisor is not assigned to, made by the city admin.
    await t.ok(
      CREATE_USER,
      { input: { username: 'dg.head', displayName: '东关站长', password: 'Station@Head2026', orgUnitId: await t.nodeId('370102003'), role: 'STATION_HEAD' } },
      tokens['city.admin'],
    );
    tokens['dg.head'] = await t.login('dg.head', 'Station@Head2026');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a supervision thread: comments on a case and a note, replies attach to the root, resolving closes it', async () => {
    const sup = tokens['lixia.supervisor'];
    const worker = tokens['jfl.worker'];
    const c = await openCase(worker, jflStation);
    expect(c.workerId).toBe(ids['jfl.worker']);
    const note = await addNote(worker, c.id, '第一次面谈');

    // Before any comment the case has none.
    expect(await caseComments(sup, c.id)).toMatchObject({ comments: [], commentCount: 0, openCommentCount: 0 });

    const root = await comment(sup, c.id, '  请补充家庭支持网络的评估  ');
    expect(root).toMatchObject({ caseId: c.id, noteId: null, parentId: null, authorId: ids['lixia.supervisor'], resolved: false, resolvedAt: null });
    expect(root.body).toBe('请补充家庭支持网络的评估'); // trimmed
    const onNote = await comment(sup, c.id, '这次面谈的时长偏短', note.id);
    expect(onNote).toMatchObject({ caseId: c.id, noteId: note.id, parentId: null });

    // The worker answers; the supervisor answers the answer: both replies hang on the root.
    const workerReply = await reply(worker, root.id, '已联系其女儿，下周家访');
    expect(workerReply).toMatchObject({ caseId: c.id, parentId: root.id, noteId: null, authorId: ids['jfl.worker'], resolved: false });
    const supReply = await reply(sup, workerReply.id, '好的，家访后记录在案');
    expect(supReply).toMatchObject({ parentId: root.id, authorId: ids['lixia.supervisor'] });
    // A reply in a thread on a note keeps the note.
    const noteReply = await reply(worker, onNote.id, '下次延长到一小时');
    expect(noteReply).toMatchObject({ parentId: onNote.id, noteId: note.id });

    for (const token of [sup, worker, tokens['jfl.head']]) {
      const view = await caseComments(token, c.id);
      expect(view.comments).toEqual([
        { id: root.id, body: '请补充家庭支持网络的评估', parentId: null, noteId: null, resolved: false, authorId: ids['lixia.supervisor'] },
        { id: onNote.id, body: '这次面谈的时长偏短', parentId: null, noteId: note.id, resolved: false, authorId: ids['lixia.supervisor'] },
        { id: workerReply.id, body: '已联系其女儿，下周家访', parentId: root.id, noteId: null, resolved: false, authorId: ids['jfl.worker'] },
        { id: supReply.id, body: '好的，家访后记录在案', parentId: root.id, noteId: null, resolved: false, authorId: ids['lixia.supervisor'] },
        { id: noteReply.id, body: '下次延长到一小时', parentId: onNote.id, noteId: note.id, resolved: false, authorId: ids['jfl.worker'] },
      ]);
      expect(view.commentCount).toBe(5);
      expect(view.openCommentCount).toBe(2);
    }

    // The supervisor resolves the first thread.
    const resolved = await resolve(sup, root.id);
    expect(resolved).toMatchObject({ id: root.id, resolved: true });
    expect(new Date(resolved.resolvedAt).getTime()).not.toBeNaN();
    const after = await caseComments(sup, c.id);
    expect(after).toMatchObject({ commentCount: 5, openCommentCount: 1 });
    expect(after.comments.find((m: Row) => m.id === root.id).resolved).toBe(true);
    // Resolving again changes nothing.
    expect(await resolve(sup, root.id)).toMatchObject({ resolved: true, resolvedAt: resolved.resolvedAt });
    const [{ resolved_by }] = await t.ownerQuery(`select resolved_by from supervision_comment where id = $1`, [root.id]);
    expect(resolved_by).toBe(ids['lixia.supervisor']);

    // A reply is not resolved on its own: the thread is.
    expectRule(await t.gql(RESOLVE, { commentId: supReply.id }, sup), 'supervision.resolve-thread');
    expectRule(await t.gql(RESOLVE, { commentId: noteReply.id }, tokens['jfl.head']), 'supervision.resolve-thread');

    // A note of another case, a blank body, a note id that is no UUID.
    const other = await openCase(worker, jflStation);
    const otherNote = await addNote(worker, other.id);
    expectBadInput(await t.gql(ADD_COMMENT, { caseId: c.id, input: { body: '看这条', noteId: otherNote.id } }, sup), 'noteId');
    expectBadInput(await t.gql(ADD_COMMENT, { caseId: c.id, input: { body: '   ' } }, sup), 'body');
    expectBadInput(await t.gql(ADD_COMMENT, { caseId: c.id, input: { body: '' } }, sup), 'body');
    expectBadInput(await t.gql(REPLY, { commentId: root.id, input: { body: ' \n ' } }, worker), 'body');
    expectBadInput(await t.gql(ADD_COMMENT, { caseId: c.id, input: { body: '看这条', noteId: 'not-a-uuid' } }, sup), 'noteId');
    // A comment or reply that does not exist.
    expectCode(await t.gql(REPLY, { commentId: '00000000-0000-4000-8000-000000000000', input: { body: '回复' } }, sup), 'NOT_FOUND');
    // Nothing was written by the refused attempts.
    expect(await caseComments(sup, c.id)).toMatchObject({ commentCount: 5, openCommentCount: 1 });
    expect(await caseComments(sup, other.id)).toMatchObject({ comments: [], commentCount: 0 });
  });

  it('who may comment, reply, read and resolve', async () => {
    const sup = tokens['lixia.supervisor'];
    const worker = tokens['jfl.worker'];
    const worker2 = tokens['jfl.worker2'];
    const head = tokens['jfl.head'];
    const officer = tokens['lixia.officer'];
    const c = await openCase(worker, jflStation);
    const root = await comment(sup, c.id, '风险评估依据不足');

    // The case's worker answers but neither opens a thread nor resolves one.
    expectCode(await t.gql(ADD_COMMENT, { caseId: c.id, input: { body: '我自己开一个' } }, worker), 'FORBIDDEN');
    expectCode(await t.gql(RESOLVE, { commentId: root.id }, worker), 'FORBIDDEN');

    // Another worker of the same station sees the case but not its supervision.
    expect((await t.ok(CASE_Q, { id: c.id }, worker2)).caseFile.id).toBe(c.id);
    const seenBy2 = await caseComments(worker2, c.id);
    expect(seenBy2.comments).toEqual([]);
    expectCode(await t.gql(REPLY, { commentId: root.id, input: { body: '我来回答' } }, worker2), 'NOT_FOUND');
    // Opening a thread on a colleague's case, which they can read: refused like every other comment, FORBIDDEN.
    expectCode(await t.gql(ADD_COMMENT, { caseId: c.id, input: { body: '我来督导' } }, worker2), 'FORBIDDEN');
    // No worker resolves anything: refused before any record is looked at.
    expectCode(await t.gql(RESOLVE, { commentId: root.id }, worker2), 'FORBIDDEN');
    expect((await t.ok(COMMENTS, { filter: { caseId: c.id } }, worker2)).supervisionComments).toEqual({ total: 0, items: [] });
    expect((await t.ok(MY_OPEN, {}, worker2)).myOpenSupervisionComments.items.map((m: Row) => m.id)).not.toContain(root.id);

    // The station head comments, replies and resolves, also a thread the supervisor opened.
    const headRoot = await comment(head, c.id, '站长意见：尽快家访');
    expect(headRoot).toMatchObject({ parentId: null, authorId: ids['jfl.head'] });
    const headReply = await reply(head, root.id, '站长补充');
    expect(headReply).toMatchObject({ parentId: root.id, authorId: ids['jfl.head'] });
    expect(await resolve(head, root.id)).toMatchObject({ id: root.id, resolved: true });
    // The supervisor answers the head's thread but resolves only threads of their own.
    expect(await reply(sup, headRoot.id, '同意')).toMatchObject({ parentId: headRoot.id });
    expectCode(await t.gql(RESOLVE, { commentId: headRoot.id }, sup), 'FORBIDDEN');
    expect(await caseComments(head, c.id)).toMatchObject({ commentCount: 4, openCommentCount: 1 });
    expect(await resolve(head, headRoot.id)).toMatchObject({ resolved: true });
    expect(await caseComments(worker, c.id)).toMatchObject({ commentCount: 4, openCommentCount: 0 });

    // The district bureau sees case metadata, never supervision.
    expectCode(await t.gql(COMMENTS, {}, officer), 'FORBIDDEN');
    expectCode(await t.gql(MY_OPEN, {}, officer), 'FORBIDDEN');
    expectCode(await t.gql(ADD_COMMENT, { caseId: c.id, input: { body: '区里意见' } }, officer), 'FORBIDDEN');
    expectCode(await t.gql(REPLY, { commentId: root.id, input: { body: '区里意见' } }, officer), 'FORBIDDEN');
    expectCode(await t.gql(RESOLVE, { commentId: headRoot.id }, officer), 'FORBIDDEN');
    const officerView = await caseComments(officer, c.id);
    expect(officerView.comments).toBeNull();

    // A station the supervisor is not assigned to: its case is out of reach.
    const elsewhere = await openCase(tokens['dg.head'], otherStation);
    expectCode(await t.gql(ADD_COMMENT, { caseId: elsewhere.id, input: { body: '越界督导' } }, sup), 'NOT_FOUND');
    expectCode(await t.gql(CASE_COMMENTS, { id: elsewhere.id }, sup), 'NOT_FOUND');
    const dgRoot = await comment(tokens['dg.head'], elsewhere.id, '东关站长意见');
    expectCode(await t.gql(REPLY, { commentId: dgRoot.id, input: { body: '越界回复' } }, sup), 'NOT_FOUND');
    expectCode(await t.gql(RESOLVE, { commentId: dgRoot.id }, head), 'NOT_FOUND');
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from supervision_comment where case_id = $1`, [elsewhere.id]);
    expect(n).toBe(1);
  });

  it('lists: a worker’s open threads, a station’s open threads with filters and paging, nothing across stations', async () => {
    const sup = tokens['lixia.supervisor'];
    const worker = tokens['jfl.worker'];
    const head = tokens['jfl.head'];
    const a = await openCase(worker, jflStation);
    const b = await openCase(worker, jflStation);
    const w2case = await openCase(tokens['jfl.worker2'], jflStation);
    const qfsCase = await openCase(tokens['qfs.worker'], qfsStation);

    const a1 = await comment(sup, a.id, 'A 的第一条');
    const a2 = await comment(sup, a.id, 'A 的第二条');
    await reply(worker, a1.id, 'A 的回复');
    const b1 = await comment(head, b.id, 'B 的第一条');
    const b2 = await comment(sup, b.id, 'B 的第二条（将解决）');
    await resolve(sup, b2.id);
    const w1 = await comment(sup, w2case.id, '同事的个案');
    const q1 = await comment(sup, qfsCase.id, '千佛山的个案');

    // The worker's own open threads: roots only, unresolved only, own cases only; exactly what SQL says.
    const mine = await everything(MY_OPEN, 'myOpenSupervisionComments', {}, worker);
    const mineIds = mine.map((m) => m.id);
    expect(sorted(mineIds)).toEqual(sorted(await openRootsOf(ids['jfl.worker'])));
    expect(mineIds).toEqual(expect.arrayContaining([a1.id, a2.id, b1.id]));
    for (const id of [b2.id, w1.id, q1.id]) expect(mineIds).not.toContain(id);
    for (const m of mine) expect(m).toMatchObject({ parentId: null, resolved: false });
    const mine2 = await everything(MY_OPEN, 'myOpenSupervisionComments', {}, tokens['jfl.worker2']);
    expect(sorted(mine2.map((m) => m.id))).toEqual(sorted(await openRootsOf(ids['jfl.worker2'])));
    expect(mine2.map((m) => m.id)).toContain(w1.id);

    // The station head: every open thread of the station, none of 千佛山.
    const open = await everything(COMMENTS, 'supervisionComments', { filter: { openOnly: true } }, head);
    const [{ station_open }] = await t.ownerQuery(
      `select array_agg(m.id::text) as station_open from supervision_comment m
        where m.org_path <@ $1::ltree and m.parent_id is null and m.resolved_at is null`,
      [jflPath],
    );
    expect(sorted(open.map((m) => m.id))).toEqual(sorted(station_open));
    expect(open.map((m) => m.id)).toEqual(expect.arrayContaining([a1.id, a2.id, b1.id, w1.id]));
    expect(open.map((m) => m.id)).not.toContain(q1.id);
    expect(open.map((m) => m.id)).not.toContain(b2.id);
    // Oldest first.
    const times = open.map((m) => new Date(m.createdAt).getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));

    // Paging: the same total on every page, the pages together are the whole.
    const paged = await everything(COMMENTS, 'supervisionComments', { filter: { openOnly: true } }, head, 2);
    expect(paged.map((m) => m.id)).toEqual(open.map((m) => m.id));
    const page2 = (await t.ok(COMMENTS, { filter: { openOnly: true }, page: { offset: 2, limit: 2 } }, head)).supervisionComments;
    expect(page2.total).toBe(open.length);
    expect(page2.items.map((m: Row) => m.id)).toEqual(open.slice(2, 4).map((m) => m.id));

    // Filters: by worker, by case, by subtree root.
    const byWorker2 = (await t.ok(COMMENTS, { filter: { workerId: ids['jfl.worker2'], openOnly: true } }, head)).supervisionComments;
    expect(sorted(byWorker2.items.map((m: Row) => m.id))).toEqual(sorted(await openRootsOf(ids['jfl.worker2'])));
    const byCaseA = (await t.ok(COMMENTS, { filter: { caseId: a.id } }, head)).supervisionComments;
    expect(byCaseA.total).toBe(3); // two roots and a reply
    expect(byCaseA.items.every((m: Row) => m.caseId === a.id)).toBe(true);
    const openB = (await t.ok(COMMENTS, { filter: { caseId: b.id, openOnly: true } }, head)).supervisionComments;
    expect(openB.items.map((m: Row) => m.id)).toEqual([b1.id]);
    const supAll = await everything(COMMENTS, 'supervisionComments', { filter: { openOnly: true } }, sup);
    expect(supAll.map((m) => m.id)).toEqual(expect.arrayContaining([a1.id, w1.id, q1.id]));
    const supJfl = await everything(COMMENTS, 'supervisionComments', { filter: { openOnly: true, rootId: jflNode } }, sup);
    expect(sorted(supJfl.map((m) => m.id))).toEqual(sorted(open.map((m) => m.id)));
    const supQfs = await everything(COMMENTS, 'supervisionComments', { filter: { rootId: await t.nodeId('370102002') } }, sup);
    expect(supQfs.map((m) => m.id)).toContain(q1.id);
    const qfsStations = await t.ownerQuery(`select distinct station_id from case_file where id = any($1::uuid[])`, [supQfs.map((m) => m.caseId)]);
    expect(qfsStations.map((r) => r.station_id)).toEqual([qfsStation]);
    // The head may not name a root outside the station.
    expectCode(await t.gql(COMMENTS, { filter: { rootId: await t.nodeId('370102002') } }, head), 'NOT_FOUND');

    // A worker's list is their own cases, whatever the filter asks for.
    const workerAll = await everything(COMMENTS, 'supervisionComments', {}, worker);
    expect(workerAll.length).toBeGreaterThan(0);
    const caseWorkers = await t.ownerQuery(`select distinct c.worker_id from case_file c where c.id = any($1::uuid[])`, [workerAll.map((m) => m.caseId)]);
    expect(caseWorkers.map((r) => r.worker_id)).toEqual([ids['jfl.worker']]);
    expect((await t.ok(COMMENTS, { filter: { workerId: ids['jfl.worker2'] } }, worker)).supervisionComments.total).toBe(0);

    // 千佛山's worker sees nothing of 解放路.
    const qfsSees = await everything(COMMENTS, 'supervisionComments', {}, tokens['qfs.worker']);
    expect(qfsSees.map((m) => m.id)).toEqual([q1.id]);
    expect((await t.ok(COMMENTS, { filter: { caseId: a.id } }, tokens['qfs.worker'])).supervisionComments).toEqual({ total: 0, items: [] });
    expect((await t.ok(MY_OPEN, {}, tokens['qfs.worker'])).myOpenSupervisionComments.items.map((m: Row) => m.id)).toEqual([q1.id]);
    expectCode(await t.gql(REPLY, { commentId: a1.id, input: { body: '隔壁站' } }, tokens['qfs.worker']), 'NOT_FOUND');
  });

  it('transfers: one case, and every open case of a departing worker', async () => {
    const head = tokens['jfl.head'];
    const worker = tokens['jfl.worker'];
    const worker2 = tokens['jfl.worker2'];
    const c = await openCase(worker, jflStation);
    const root = await comment(tokens['lixia.supervisor'], c.id, '转介前请完成评估');

    // A plain worker does not transfer.
    expectCode(await t.gql(TRANSFER, { caseId: c.id, toWorkerId: ids['jfl.worker2'] }, worker), 'FORBIDDEN');
    expectCode(await t.gql(TRANSFER_ALL, { stationId: jflStation, fromWorkerId: ids['jfl.worker'], toWorkerId: ids['jfl.worker2'] }, worker), 'FORBIDDEN');
    // Only to an active worker (or the head) of the case's station.
    expectBadInput(await t.gql(TRANSFER, { caseId: c.id, toWorkerId: ids['qfs.worker'] }, head), 'toWorkerId');
    expectBadInput(await t.gql(TRANSFER, { caseId: c.id, toWorkerId: ids['lixia.supervisor'] }, head), 'toWorkerId');
    const gone = await makeWorker('jfl.gone');
    expect((await t.ok(DISABLE_USER, { id: gone }, head)).disableUser.disabled).toBe(true);
    expectBadInput(await t.gql(TRANSFER, { caseId: c.id, toWorkerId: gone }, head), 'toWorkerId');
    expect((await t.ok(CASE_Q, { id: c.id }, head)).caseFile.workerId).toBe(ids['jfl.worker']);

    const moved = (await t.ok(TRANSFER, { caseId: c.id, toWorkerId: ids['jfl.worker2'] }, head)).transferCase;
    expect(moved).toMatchObject({ id: c.id, workerId: ids['jfl.worker2'], worker: { id: ids['jfl.worker2'], displayName: names['jfl.worker2'] } });
    // The new worker works the case; the old one only reads it now.
    expect((await addNote(worker2, c.id, '接手后的第一次面谈')).caseId).toBe(c.id);
    expectCode(
      await t.gql(ADD_NOTE, { caseId: c.id, input: { noteDate: today, kind: 'PHONE', durationMinutes: 10, narrative: '还想记一笔' } }, worker),
      'FORBIDDEN',
    );
    // Its supervision follows the case.
    expect((await t.ok(MY_OPEN, {}, worker2)).myOpenSupervisionComments.items.map((m: Row) => m.id)).toContain(root.id);
    expect((await t.ok(MY_OPEN, {}, worker)).myOpenSupervisionComments.items.map((m: Row) => m.id)).not.toContain(root.id);
    expect(await reply(worker2, root.id, '已接手')).toMatchObject({ parentId: root.id });
    expectCode(await t.gql(REPLY, { commentId: root.id, input: { body: '我已不负责' } }, worker), 'NOT_FOUND');
    const [transferRecord] = (await t.ok(AUDIT, { filter: { entityId: c.id, action: 'TRANSFER' } }, head)).auditLog.items;
    expect(transferRecord).toMatchObject({ actorId: ids['jfl.head'], detail: { from: ids['jfl.worker'], to: ids['jfl.worker2'] } });

    // A departing worker's open cases move in one action; a closed one stays.
    const leaver = await makeWorker('jfl.leaver');
    const open1 = await openCase(tokens['jfl.leaver'], jflStation);
    const open2 = await openCase(head, jflStation, leaver);
    const closed = await openCase(tokens['jfl.leaver'], jflStation);
    await t.ownerQuery(`update case_file set stage = 'CLOSED', closed_on = opened_on where id = $1`, [closed.id]);
    expectRule(await t.gql(TRANSFER, { caseId: closed.id, toWorkerId: ids['jfl.worker2'] }, head), 'case.transfer-closed');
    const keep = await openCase(worker, jflStation); // someone else's case stays put
    expectBadInput(await t.gql(TRANSFER_ALL, { stationId: jflStation, fromWorkerId: leaver, toWorkerId: leaver }, head), 'toWorkerId');
    expectBadInput(await t.gql(TRANSFER_ALL, { stationId: jflStation, fromWorkerId: leaver, toWorkerId: ids['qfs.worker'] }, head), 'toWorkerId');
    expectCode(await t.gql(TRANSFER_ALL, { stationId: qfsStation, fromWorkerId: ids['qfs.worker'], toWorkerId: ids['jfl.worker2'] }, head), 'NOT_FOUND');

    const auditBefore = (await t.ok(AUDIT, { filter: { action: 'TRANSFER' } }, head)).auditLog.total;
    const all = (await t.ok(TRANSFER_ALL, { stationId: jflStation, fromWorkerId: leaver, toWorkerId: ids['jfl.worker2'] }, head)).transferWorkerCases as Row[];
    expect(sorted(all.map((x) => x.id))).toEqual(sorted([open1.id, open2.id]));
    for (const x of all) expect(x).toMatchObject({ workerId: ids['jfl.worker2'], stationId: jflStation });
    const workers = await t.ownerQuery(`select id, worker_id, stage from case_file where id = any($1::uuid[])`, [[open1.id, open2.id, closed.id, keep.id]]);
    const workerOf = Object.fromEntries(workers.map((r) => [r.id, r.worker_id]));
    expect(workerOf).toEqual({ [open1.id]: ids['jfl.worker2'], [open2.id]: ids['jfl.worker2'], [closed.id]: leaver, [keep.id]: ids['jfl.worker'] });
    // One TRANSFER record per moved case.
    const transfers = (await t.ok(AUDIT, { filter: { action: 'TRANSFER' } }, head)).auditLog;
    expect(transfers.total).toBe(auditBefore + 2);
    for (const x of [open1, open2]) {
      const records = (await t.ok(AUDIT, { filter: { action: 'TRANSFER', entityId: x.id } }, head)).auditLog.items;
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        entity: 'CASE_FILE',
        actorId: ids['jfl.head'],
        actorName: names['jfl.head'],
        detail: { from: leaver, to: ids['jfl.worker2'] },
      });
    }
    expect((await t.ok(AUDIT, { filter: { action: 'TRANSFER', entityId: closed.id } }, head)).auditLog.total).toBe(0);
    // Nothing left to move: an empty answer.
    expect((await t.ok(TRANSFER_ALL, { stationId: jflStation, fromWorkerId: leaver, toWorkerId: ids['jfl.worker2'] }, head)).transferWorkerCases).toEqual([]);
  });

  it('the audit log: the station head reads it, nobody changes it', async () => {
    const head = tokens['jfl.head'];
    const worker = tokens['jfl.worker'];
    const c = await openCase(worker, jflStation);
    await addNote(worker, c.id);
    await comment(tokens['lixia.supervisor'], c.id, '审计用的督导意见');
    expect((await t.ok(CASE_Q, { id: c.id }, head)).caseFile.presentingProblem).toBe('独居老人，需要生活照料');
    const qfsCase = await openCase(tokens['qfs.worker'], qfsStation);

    // This case's records: who did what, newest first.
    const records = await everything(AUDIT, 'auditLog', { filter: { entityId: c.id } }, head);
    expect(records.every((r) => r.entityId === c.id && r.entity === 'CASE_FILE')).toBe(true);
    const times = records.map((r) => new Date(r.at).getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const byAction = (action: string) => records.filter((r) => r.action === action);
    expect(byAction('CREATE')).toEqual([expect.objectContaining({ actorId: ids['jfl.worker'], actorName: names['jfl.worker'] })]);
    expect(byAction('UPDATE')).toEqual([expect.objectContaining({ actorId: ids['jfl.worker'], detail: { changed: 'note' } })]);
    // The supervisor's account lives at the district node, outside the head's scope: the record names
    // the actor by id, and the display name comes back null (see the report; left as is).
    expect(byAction('COMMENT')).toEqual([expect.objectContaining({ actorId: ids['lixia.supervisor'] })]);
    expect(byAction('READ_NARRATIVE')).toEqual([expect.objectContaining({ actorId: ids['jfl.head'], actorName: names['jfl.head'] })]);
    // The newest is the head's read, the oldest the opening.
    expect(records[0].action).toBe('READ_NARRATIVE');
    expect(records[records.length - 1].action).toBe('CREATE');

    // Filter by action, and by both.
    const comments = await everything(AUDIT, 'auditLog', { filter: { action: 'COMMENT' } }, head);
    expect(comments.length).toBeGreaterThan(1);
    expect(comments.every((r) => r.action === 'COMMENT')).toBe(true);
    expect(comments.map((r) => r.entityId)).toContain(c.id);
    const both = (await t.ok(AUDIT, { filter: { action: 'COMMENT', entityId: c.id } }, head)).auditLog;
    expect(both.total).toBe(1);

    // The whole station log, newest first, all with names; nothing of 千佛山.
    const all = await everything(AUDIT, 'auditLog', {}, head);
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from audit_log where org_path <@ $1::ltree`, [jflPath]);
    expect(all).toHaveLength(n);
    const allTimes = all.map((r) => new Date(r.at).getTime());
    expect(allTimes).toEqual([...allTimes].sort((x, y) => y - x));
    // Every actor of the station's own accounts is named.
    const [{ local }] = await t.ownerQuery(`select array_agg(u.id::text) as local from user_account u where u.org_path <@ $1::ltree`, [jflPath]);
    const localRecords = all.filter((r) => local.includes(r.actorId));
    expect(localRecords.length).toBeGreaterThan(0);
    for (const r of localRecords) expect(r.actorName).toEqual(expect.any(String));
    expect(localRecords.filter((r) => r.actorId === ids['jfl.head']).every((r) => r.actorName === names['jfl.head'])).toBe(true);
    expect(all.map((r) => r.entityId)).not.toContain(qfsCase.id);
    expect((await t.ok(AUDIT, { filter: { entityId: qfsCase.id } }, head)).auditLog.total).toBe(0);

    // Nobody else reads it.
    for (const u of ['jfl.worker', 'lixia.supervisor', 'lixia.officer', 'qfs.worker']) {
      expectCode(await t.gql(AUDIT, {}, tokens[u]), 'FORBIDDEN');
    }

    // The application role appends and reads, but cannot change or delete a record.
    const settings = { tenantId: jinanId, userId: ids['jfl.head'], scope: [jflPath] };
    const visible = await t.appQuery(settings, `select id from audit_log where entity_id = $1`, [c.id]);
    expect(visible).toHaveLength(records.length);
    await expect(t.appQuery(settings, `update audit_log set detail = '{"tampered": true}' where entity_id = $1`, [c.id])).rejects.toThrow(/permission denied/);
    await expect(t.appQuery(settings, `delete from audit_log where entity_id = $1`, [c.id])).rejects.toThrow(/permission denied/);
    await expect(t.appQuery(settings, `delete from audit_log`)).rejects.toThrow(/permission denied/);
    await expect(t.appQuery(settings, `truncate audit_log`)).rejects.toThrow(/permission denied/);
    const [{ left }] = await t.ownerQuery(`select count(*)::int as left from audit_log where entity_id = $1 and detail is distinct from '{"tampered": true}'`, [
      c.id,
    ]);
    expect(left).toBe(records.length);
  });
});
