import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildWeb } from '../apps/cli/web-build';
import { TestApp } from './support/test-app';

/** The console served by the API: files, client routes, caching, and the API's own paths left alone. */
describe('web console serving', () => {
  let t: TestApp;
  let script: string;

  beforeAll(async () => {
    buildWeb();
    script = readdirSync(join(__dirname, '../dist/web/assets')).find((f) => /^index-.*\.js$/.test(f))!;
    t = await TestApp.start({ seed: false });
  }, 180_000);
  afterAll(() => t?.close());

  it('serves the console page at / and at any client route, never cached', async () => {
    for (const path of ['/', '/cases/00000000-0000-0000-0000-000000000000', '/station/roster?x=1']) {
      const res = await t.http.get(path).set('accept', 'text/html,application/xhtml+xml');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.text).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for a year, compressed when the browser accepts it', async () => {
    const res = await t.http.get(`/assets/${script}`).set('accept-encoding', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    const plain = await t.http.get(`/assets/${script}`).set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text.length).toBeGreaterThan(1000);
  });

  it('answers 404 for a missing file and for paths outside the build', async () => {
    expect((await t.http.get('/assets/missing-abc.js')).status).toBe(404);
    expect((await t.http.get('/assets/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await t.http.get('/.build-stamp')).status).toBe(404);
    expect((await t.http.get(`/assets/${script}.gz`)).status).toBe(404);
  });

  it('leaves the API its paths: GraphiQL, GraphQL, health, exports', async () => {
    const graphiql = await t.http.get('/graphql').set('accept', 'text/html');
    expect(graphiql.text).toContain('GraphiQL');
    expect(graphiql.text).not.toContain('<div id="root">');
    expect((await t.http.get('/graphiql/graphiql.css')).headers['content-type']).toMatch(/css/);
    const health = await t.http.get('/health').set('accept', 'text/html');
    expect(health.headers['content-type']).toMatch(/json/);
    const exported = await t.http.get('/exports/statistics.xlsx').set('accept', 'text/html');
    expect(exported.text).not.toContain('<div id="root">');
    const gql = await t.http.post('/graphql').send({ query: '{ __typename }' });
    expect(gql.body.data).toEqual({ __typename: 'Query' });
  });

  it('does not answer a non-page request for an unknown path with the console', async () => {
    const res = await t.http.get('/no-such-endpoint').set('accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('<div id="root">');
  });
});
