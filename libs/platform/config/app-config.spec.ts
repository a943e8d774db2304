import { ConfigError, durationSeconds, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives development defaults with no environment', () => {
    const c = loadConfig({});
    expect(c.NODE_ENV).toBe('development');
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SEED_DEMO).toBe(true);
    expect(c.RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(c).toMatchObject({ GRAPHQL_INTROSPECTION: true, GRAPHIQL: true, GRAPHQL_SUGGESTIONS: true });
    // No signing key in the source: without JWT_SECRET one is generated per install (jwt-secret.ts).
    expect(c.JWT_SECRET).toBeUndefined();
  });

  it('reads and converts values', () => {
    const c = loadConfig({ PORT: '8080', SEED_DEMO: 'false', DATABASE_URL: 'postgres://u:p@db:5432/swsp', GRAPHQL_MAX_DEPTH: '7' });
    expect(c).toMatchObject({ PORT: 8080, SEED_DEMO: false, DATABASE_URL: 'postgres://u:p@db:5432/swsp', GRAPHQL_MAX_DEPTH: 7 });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must look like postgres://'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET must have at least 32 characters'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), APP_DB_PASSWORD: 'y'.repeat(16) }, 'DATABASE_URL is required'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/d', APP_DB_PASSWORD: 'y'.repeat(16) }, 'JWT_SECRET is required'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/d', JWT_SECRET: 'x'.repeat(40) }, 'APP_DATABASE_URL or APP_DB_PASSWORD'],
    [{ PLATFORM_OPERATOR_USERNAME: 'ops' }, 'must be set together'],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE must be a whole number (0 turns the limit off)'],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE must be a whole number'],
    [{ GRAPHQL_INTROSPECTION: 'false', GRAPHIQL: 'true' }, 'GRAPHIQL needs GRAPHQL_INTROSPECTION'],
  ])('refuses %j with one clear line', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('accepts a complete production environment', () => {
    const c = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@h:5432/d', JWT_SECRET: 'x'.repeat(40), APP_DB_PASSWORD: 'y'.repeat(16) });
    expect(c.isProduction).toBe(true);
    // What the schema tells strangers is off in production…
    expect(c).toMatchObject({ GRAPHQL_INTROSPECTION: false, GRAPHIQL: false, GRAPHQL_SUGGESTIONS: false });
  });

  it('turns introspection, GraphiQL and suggestions on in production only when asked, and the rate limit off with 0', () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@h:5432/d', JWT_SECRET: 'x'.repeat(40), APP_DB_PASSWORD: 'y'.repeat(16) };
    expect(loadConfig({ ...env, GRAPHQL_INTROSPECTION: 'true' })).toMatchObject({ GRAPHQL_INTROSPECTION: true, GRAPHIQL: false, GRAPHQL_SUGGESTIONS: false });
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' })).toMatchObject({ GRAPHQL_INTROSPECTION: false, GRAPHIQL: false, GRAPHQL_SUGGESTIONS: true });
    expect(loadConfig({ ...env, GRAPHQL_INTROSPECTION: 'on', GRAPHIQL: 'off', GRAPHQL_SUGGESTIONS: 'yes' })).toMatchObject({
      GRAPHQL_INTROSPECTION: true,
      GRAPHIQL: false,
      GRAPHQL_SUGGESTIONS: true,
    });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '120' }).RATE_LIMIT_PER_MINUTE).toBe(120);
  });

  it('parses durations', () => {
    expect(durationSeconds('15m')).toBe(900);
    expect(durationSeconds('7d')).toBe(604800);
  });
});
