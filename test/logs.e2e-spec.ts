import { Writable } from 'node:stream';
import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { DEMO_PASSWORD, Row, TestApp } from './support/test-app';

/**
 * What the request log keeps: method, path, status, duration and the GraphQL operation's name.
 * Never what was sent, where passwords, identity numbers and tokens travel: the query string
 * (a GET request's query and variables), the body, the headers.
 */
describe('the request log', () => {
  let t: TestApp;
  const written: string[] = [];
  const log = () => written.join('');
  const lines = () =>
    log()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    t = await TestApp.start({ env: { LOG_LEVEL: 'debug' }, logStream: stream });
  });
  afterAll(() => t.close());

  /** Lets the response's 'finish' handlers (which write the request lines) run. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('never holds a password, an identity number or a token sent in a query string, variables or headers', async () => {
    const wrongPassword = 'Leaky#Password-7731';
    const person = makeIdentityNumber('370102', '1946-10-11', '124');
    const station = await t.stationId('370102001');
    const lixia = await t.nodeId('370102');

    // POST: a sign-in with the password in the variables, one with a wrong password written inline.
    const login = await t.http.post('/graphql').send({
      operationName: 'SignIn',
      query: `mutation SignIn($i: LoginInput!) { login(input: $i) { accessToken } }`,
      variables: { i: { tenant: 'jinan', username: 'jfl.worker', password: DEMO_PASSWORD } },
    });
    const token: string = login.body.data.login.accessToken;
    expect(token).toMatch(/^ey/);
    await t.http
      .post('/graphql')
      .send({ query: `mutation WrongPassword { login(input: { tenant: "jinan", username: "jfl.worker", password: "${wrongPassword}" }) { accessToken } }` });
    // POST: an identity number in the variables, the token in the header.
    const registered = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({
        query: `mutation Register($i: RegisterServiceObjectInput!) { registerServiceObject(input: $i) { id } }`,
        variables: { i: { stationId: station, name: '日志对象', gender: 'FEMALE', idNumber: person } },
      });
    expect(registered.body.errors).toBeUndefined();
    // GET: the query, its variables (an identity number, a password) and a token-like parameter in the query string.
    const get = await t.http
      .get('/graphql')
      .query({
        query: `query FindPerson($s: String) { serviceObjects(filter: { search: $s }) { total } }`,
        variables: JSON.stringify({ s: person, password: wrongPassword }),
        operationName: 'FindPerson',
        access_token: token,
      })
      .set('authorization', `Bearer ${token}`)
      .set('apollo-require-preflight', 'true')
      .set('accept', 'application/json');
    expect(get.status).toBeLessThan(500);
    // An export URL with a token-like query parameter, and one with bad input (refused before the handler).
    const officer = await t.login('lixia.officer');
    const xlsx = await t.http
      .get('/exports/statistics.xlsx')
      .query({ nodeId: lixia, from: '2025-01-01', to: '2025-01-31', token: officer })
      .set('authorization', `Bearer ${officer}`);
    expect(xlsx.status).toBe(200);
    await t.http.get('/exports/statistics.xlsx').query({ nodeId: 'nope', secret: wrongPassword }).set('authorization', `Bearer ${officer}`);
    await settle();

    const text = log();
    for (const secret of [DEMO_PASSWORD, wrongPassword, person, person.slice(0, 14), token, token.split('.')[1], officer, officer.split('.')[2]]) {
      expect([secret.slice(0, 6), text.includes(secret)]).toEqual([secret.slice(0, 6), false]);
    }
    for (const leak of ['variables', 'access_token', 'authorization', 'Bearer', 'query=', '"query":', 'LoginInput', 'serviceObjects(']) {
      expect([leak, text.includes(leak)]).toEqual([leak, false]);
    }

    // What the lines do say: method, path without its query string, status, duration, operation.
    const requests = lines().filter((l) => l.req && l.res);
    const line = (method: string, path: string, operation?: string) =>
      requests.find((l) => l.req.method === method && l.req.path === path && (operation === undefined || l.graphql?.operation === operation));
    for (const [method, path, operation, type] of [
      ['POST', '/graphql', 'SignIn', 'mutation'],
      ['POST', '/graphql', 'WrongPassword', 'mutation'],
      ['POST', '/graphql', 'Register', 'mutation'],
      ['GET', '/graphql', 'FindPerson', 'query'],
    ]) {
      const found = line(method, path, operation);
      expect([operation, found?.graphql]).toEqual([operation, { operation, type }]);
      expect(found!.res.statusCode).toBe(200);
      expect(typeof found!.responseTime).toBe('number');
      expect(Object.keys(found!.req).sort()).toEqual(['id', 'method', 'path']);
      expect(Object.keys(found!.res)).toEqual(['statusCode']);
    }
    expect(line('GET', '/exports/statistics.xlsx')?.res.statusCode).toBe(200);
    expect(requests.some((l) => l.req.path === '/exports/statistics.xlsx' && l.res.statusCode === 400)).toBe(true);
    for (const l of requests) expect(l.req.path).not.toMatch(/[?#]/);
  });
});
