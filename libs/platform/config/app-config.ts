import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync, ValidationError } from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/]+\/[A-Za-z0-9_\-]+(\?\S*)?$/;
const DURATION = /^\d+[smhd]$/;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/** Everything the process reads from its environment, validated once at boot. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Owner connection: migrations and seeding. Unset outside production: an embedded PostgreSQL is started. */
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must look like postgres://user:password@host:port/database' })
  DATABASE_URL?: string;

  /** Runtime connection as the non-owner application role; derived from DATABASE_URL when unset. */
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'APP_DATABASE_URL must look like postgres://user:password@host:port/database' })
  APP_DATABASE_URL?: string;

  @IsString()
  @MinLength(12, { message: 'APP_DB_PASSWORD must have at least 12 characters' })
  APP_DB_PASSWORD = 'swsp-app-development';

  /**
   * Signs the tokens; required in production. Elsewhere, when unset, a random one is generated
   * per install and kept beside the embedded data (see jwt-secret.ts): never a constant in the
   * source, which anyone could use to sign tokens for any install that forgot to set it.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must have at least 32 characters' })
  JWT_SECRET?: string;

  @Matches(DURATION, { message: 'JWT_ACCESS_TTL must be a duration such as 15m' })
  JWT_ACCESS_TTL = '15m';

  @Matches(DURATION, { message: 'JWT_REFRESH_TTL must be a duration such as 7d' })
  JWT_REFRESH_TTL = '7d';

  @IsString()
  EMBEDDED_PG_DIR = '.data/pg';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = true;

  @IsOptional()
  @IsString()
  PLATFORM_OPERATOR_USERNAME?: string;

  @IsOptional()
  @IsString()
  PLATFORM_OPERATOR_PASSWORD?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(2)
  GRAPHQL_MAX_DEPTH = 10;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COMPLEXITY = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 10;

  /**
   * How many registrations of a person already registered in the city (the duplicate check tells
   * the caller so) one account may attempt in a day before registering pauses until the next day:
   * the check must not become a way to look up who is registered.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DUPLICATE_REGISTRATION_DAILY_LIMIT = 20;

  /**
   * Statistics reports kept by each API process until a figure behind them changes (0: none are
   * kept, every report reads the rollup; the bench measures that too).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  STATS_KEPT_REPORTS = 500;

  /**
   * GraphQL requests a session may make per minute, counted over all replicas (0: no limit).
   * 600 is ten a second: far above what a person at the console sends, well below a script.
   */
  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be a whole number (0 turns the limit off)' })
  @Min(0, { message: 'RATE_LIMIT_PER_MINUTE must be a whole number (0 turns the limit off)' })
  RATE_LIMIT_PER_MINUTE = 600;

  /** Schema introspection; default on, except in production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  /** The GraphiQL page at GET /graphql; default on, except in production (or without introspection, which it needs). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHIQL?: boolean;

  /** "Did you mean …?" in error messages, which spell out the schema; default on, except in production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_SUGGESTIONS?: boolean;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigError extends Error {}

/** Settings without a fixed default: absent from `new AppConfig()`, so named here to be read. */
const OPTIONAL_KEYS = [
  'DATABASE_URL',
  'APP_DATABASE_URL',
  'JWT_SECRET',
  'PLATFORM_OPERATOR_USERNAME',
  'PLATFORM_OPERATOR_PASSWORD',
  'GRAPHQL_INTROSPECTION',
  'GRAPHIQL',
  'GRAPHQL_SUGGESTIONS',
];

function firstMessage(errors: ValidationError[]): string {
  const e = errors[0];
  const msg = e.constraints ? Object.values(e.constraints)[0] : `${e.property} is invalid`;
  return msg;
}

/** Validates the environment; throws a ConfigError whose message is one line naming the problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(new AppConfig()).concat(OPTIONAL_KEYS)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length) throw new ConfigError(firstMessage(errors));
  if (config.isProduction) {
    if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL is required when NODE_ENV=production');
    if (!config.JWT_SECRET) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
    if (!config.APP_DATABASE_URL && !env.APP_DB_PASSWORD) throw new ConfigError('APP_DATABASE_URL or APP_DB_PASSWORD is required when NODE_ENV=production');
  }
  if (Boolean(config.PLATFORM_OPERATOR_USERNAME) !== Boolean(config.PLATFORM_OPERATOR_PASSWORD))
    throw new ConfigError('PLATFORM_OPERATOR_USERNAME and PLATFORM_OPERATOR_PASSWORD must be set together');
  // What the schema tells strangers: everything while developing, nothing in production unless asked.
  config.GRAPHQL_INTROSPECTION ??= !config.isProduction;
  config.GRAPHQL_SUGGESTIONS ??= !config.isProduction;
  config.GRAPHIQL ??= !config.isProduction && config.GRAPHQL_INTROSPECTION;
  if (config.GRAPHIQL && !config.GRAPHQL_INTROSPECTION)
    throw new ConfigError('GRAPHIQL needs GRAPHQL_INTROSPECTION: GraphiQL reads the schema by introspection');
  return config;
}

/** Parses '15m' / '7d' into seconds. */
export function durationSeconds(value: string): number {
  const n = Number(value.slice(0, -1));
  const unit = value.slice(-1);
  return n * { s: 1, m: 60, h: 3600, d: 86400 }[unit as 's' | 'm' | 'h' | 'd'];
}
