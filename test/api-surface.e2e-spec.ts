import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ACCESS_KEY } from '../libs/access/access.decorators';
import { buildSchemaText } from '../apps/cli/print-schema';
import { errorCode, TestApp } from './support/test-app';

const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';

describe('API surface', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('every query and mutation in the schema declares its access rule (deny by default)', () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const rootFields = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ];
    const reflector = t.app.get(Reflector);
    const declared = new Map<string, unknown>();
    const wrappers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.providers.values()]);
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance);
      for (const key of Object.getOwnPropertyNames(proto)) {
        const handler = Object.getOwnPropertyDescriptor(proto, key)?.value;
        if (typeof handler !== 'function') continue;
        const type = reflector.get<string>(RESOLVER_TYPE, handler);
        if (type !== 'Query' && type !== 'Mutation') continue;
        declared.set(`${type}.${reflector.get<string>(RESOLVER_NAME, handler) ?? key}`, reflector.get(ACCESS_KEY, handler));
      }
    }
    const undeclared = rootFields.filter((f) => !declared.get(f));
    expect(rootFields.length).toBeGreaterThan(20);
    expect(rootFields.filter((f) => !declared.has(f))).toEqual([]);
    expect(undeclared).toEqual([]);
    // Public operations are few and named on purpose.
    const publicOnes = [...declared].filter(([, rule]) => (rule as { kind: string }).kind === 'public').map(([f]) => f);
    expect(publicOnes.sort()).toEqual(['Mutation.login', 'Mutation.refreshToken']);
  });

  it('the committed schema.gql matches the code', async () => {
    const committed = readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8');
    expect(await buildSchemaText()).toBe(committed);
  });

  it('rejects an over-complex query before running it, with a clear error', async () => {
    const token = await t.login('city.admin');
    const field = (alias: string) => `${alias}: orgUnits(page: { limit: 100 }) { items { id code name station { name address status } } }`;
    const query = `{ ${Array.from({ length: 8 }, (_, i) => field(`a${i}`)).join(' ')} }`;
    const res = await t.gql(query, {}, token);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0].message).toMatch(/complexity \d+ exceeds the limit of 2000/);
    // The same shape once is within the limit.
    const fine = await t.gql(`{ ${field('a')} }`, {}, token);
    expect(fine.errors).toBeUndefined();
  });

  it('GET /health reports the database', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });

  it('GET /graphql in a browser serves GraphiQL from the app’s own files, no CDN', async () => {
    const page = await t.http.get('/graphql').set('accept', 'text/html').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('GraphiQL');
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining(['/graphiql/react.js', '/graphiql/react-dom.js', '/graphiql/graphiql.js', '/graphiql/graphiql.css']));
    for (const asset of assets) {
      const res = await t.http.get(asset).expect(200);
      expect(Number(res.headers['content-length'] ?? res.text?.length ?? 0)).toBeGreaterThan(1000);
    }
    await t.http.get('/graphiql/../package.json').expect(404);
  });

  it('POST /graphql still answers JSON, and an unknown field is a validation error', async () => {
    const res = await t.gql(`{ nope }`);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('query depth limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ env: { GRAPHQL_MAX_DEPTH: '3' } });
  });
  afterAll(() => t.close());

  it('rejects a query nested deeper than the configured limit, following fragments', async () => {
    const token = await t.login('city.admin');
    const deep = await t.gql(`{ orgUnits { items { ...F } } } fragment F on OrgUnit { station { name } }`, {}, token);
    expect(errorCode(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.errors![0].message).toBe('Query is nested 4 levels deep; the limit is 3');
    const shallow = await t.gql(`{ orgUnits { items { name } } }`, {}, token);
    expect(shallow.errors).toBeUndefined();
  });

  it('leaves introspection (GraphiQL’s schema query) alone', async () => {
    const res = await t.gql(`{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`);
    expect(res.errors).toBeUndefined();
  });
});
