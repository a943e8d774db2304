import { DataSource } from 'typeorm';
import { RequestContext, SessionStatement, sqlLiteral } from './request-context';

/** A pg client stand-in that records what is sent; a simple query with several statements answers one result each. */
class FakeClient {
  sent: (string | { name?: string; text: string; values?: unknown[] })[] = [];
  released: (Error | undefined)[] = [];
  failNext = false;

  async query(q: string | { name?: string; text: string; values?: unknown[] }) {
    this.sent.push(q);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('boom');
    }
    if (typeof q === 'string') {
      const results = q.split(';\n').map(() => ({ rows: [{ ok: 1 }] }));
      return results.length > 1 ? results : results[0];
    }
    return { rows: [] };
  }

  release(error?: Error) {
    this.released.push(error);
  }
}

function contextOn(client: FakeClient) {
  const pool = { connect: jest.fn(async () => client) };
  const dataSource = { driver: { master: pool } } as unknown as DataSource;
  return { request: new RequestContext(dataSource), pool };
}

const STATEMENT: SessionStatement = { name: 'swsp_test', types: ['uuid'], sql: 'select * from t where id = $1' };

describe('RequestContext', () => {
  it('opens with BEGIN and the settings, as escaped literals, in one round trip', async () => {
    const client = new FakeClient();
    const { request } = contextOn(client);
    await request.setSettings({ tenantId: "t'); drop table x; --", userId: 'u', scope: ['a.b', 'a.c'] });
    await request.query('select 1', [2]);
    await request.finish(true);
    const [opening, statement, end] = client.sent;
    expect(typeof opening).toBe('string');
    const lines = (opening as string).split(';\n');
    expect(lines[0]).toBe('begin');
    expect(lines[1]).toMatch(/^prepare swsp_settings\(text, text, text, text\) as select set_config\('app.tenant_id', \$1, true\)/);
    expect(lines[2]).toBe(`execute swsp_settings('t''); drop table x; --', 'u', '{a.b,a.c}', '')`);
    expect(statement).toEqual({ text: 'select 1', values: [2] });
    expect(end).toBe('commit');
    expect(client.released).toEqual([undefined]);
  });

  it('runs the first statement in the opening round trip and prepares it once per connection', async () => {
    const client = new FakeClient();
    const first = contextOn(client).request;
    expect(await first.firstQuery(STATEMENT, ['0b7e2d5e-1f9a-4c55-9a52-3c7d0d2f1e11'])).toEqual([{ ok: 1 }]);
    await first.finish(true);
    const second = contextOn(client).request;
    await second.firstQuery(STATEMENT, ['0b7e2d5e-1f9a-4c55-9a52-3c7d0d2f1e11']);
    await second.finish(false);
    const [opening1, , opening2, end2] = client.sent as string[];
    expect(opening1).toContain('prepare swsp_test(uuid) as select * from t where id = $1;\nexecute swsp_test(');
    expect(opening2).not.toContain('prepare');
    expect(opening2.split(';\n')).toEqual(['begin', `execute swsp_settings('', '', '{}', '')`, `execute swsp_test('0b7e2d5e-1f9a-4c55-9a52-3c7d0d2f1e11')`]);
    expect(end2).toBe('rollback');
  });

  it('discards a connection whose opening round trip failed (its prepared statements are unknown)', async () => {
    const client = new FakeClient();
    client.failNext = true;
    const { request } = contextOn(client);
    await expect(request.firstQuery(STATEMENT, ['x'])).rejects.toThrow('boom');
    expect(client.released).toHaveLength(1);
    expect(client.released[0]).toBeInstanceOf(Error);
    // Later statements of the request fail too; nothing else is sent on that connection.
    await expect(request.query('select 1')).rejects.toThrow('boom');
    await request.finish(true);
    expect(client.sent.filter((q) => q !== 'rollback')).toHaveLength(1);
  });

  it('opens no new transaction for work arriving after the request ended', async () => {
    const client = new FakeClient();
    const { request, pool } = contextOn(client);
    await request.finish(true);
    await expect(request.query('select 1')).rejects.toThrow(/has ended/);
    expect(pool.connect).not.toHaveBeenCalled();
  });

  it('runs nothing on the connection once the transaction has ended', async () => {
    const client = new FakeClient();
    const { request } = contextOn(client);
    await request.query('select 1');
    await request.finish(true);
    await expect(request.query('select 2')).rejects.toThrow(/has ended/);
    await expect(request.firstQuery(STATEMENT, ['x'])).rejects.toThrow(/has ended/);
    expect(client.sent.slice(1)).toEqual([{ text: 'select 1', values: [] }, 'commit']);
  });

  it('names a prepared statement by its text, the same on every call', async () => {
    const client = new FakeClient();
    const { request } = contextOn(client);
    await request.query('select 1 where $1', [1], { prepare: true });
    await request.query('select 1 where $1', [2], { prepare: true });
    await request.query('select 2 where $1', [3], { prepare: true });
    await request.finish(true);
    const [, a, b, c] = client.sent as { name: string }[];
    expect(a.name).toMatch(/^swsp_q_[0-9a-f]{24}$/);
    expect(b.name).toBe(a.name);
    expect(c.name).not.toBe(a.name);
  });

  it('records settings a statement applied itself, sending nothing', async () => {
    const client = new FakeClient();
    const { request } = contextOn(client);
    await request.firstQuery(STATEMENT, ['x']);
    request.settingsApplied({ tenantId: 't', userId: 'u', scope: ['a'] });
    expect(request.getSettings()).toEqual({ tenantId: 't', userId: 'u', scope: ['a'] });
    await request.finish(true);
    expect(client.sent).toHaveLength(2);
  });
});

describe('RequestContext durable statements', () => {
  it('run inside the transaction before it commits', async () => {
    const client = new FakeClient();
    const { request } = contextOn(client);
    await request.query('select 1');
    request.durable('insert into t values ($1)', [1]);
    await request.finish(true);
    expect(client.sent.slice(1)).toEqual([{ text: 'select 1', values: [] }, { text: 'insert into t values ($1)', values: [1] }, 'commit']);
  });

  it('stand after a rollback, in a transaction of their own with the settings they were queued under', async () => {
    const client = new FakeClient();
    const { request } = contextOn(client);
    await request.setSettings({ tenantId: 't' });
    await request.query('select 1');
    request.durable('insert into t values ($1)', [1]);
    await request.finish(false);
    const after = client.sent.slice(2);
    expect(after[0]).toBe('rollback');
    expect(after[1]).toBe('begin');
    expect(after[2]).toMatchObject({ values: ['t', '', '{}', ''] });
    expect(after[3]).toEqual({ text: 'insert into t values ($1)', values: [1] });
    expect(after[4]).toBe('commit');
    expect(client.released).toEqual([undefined]);
  });

  it('borrow a connection when the request ran no statement', async () => {
    const client = new FakeClient();
    const { request, pool } = contextOn(client);
    request.durable('insert into t values ($1)', [1]);
    await request.finish(false);
    expect(pool.connect).toHaveBeenCalledTimes(1);
    expect(client.sent[0]).toBe('begin');
    expect(client.sent[client.sent.length - 1]).toBe('commit');
  });
});

describe('sqlLiteral', () => {
  it('doubles quotes, escapes backslashes, refuses NUL', () => {
    expect(sqlLiteral("it's")).toBe(`'it''s'`);
    expect(sqlLiteral('a\\b')).toBe(` E'a\\\\b'`);
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
  });
});
