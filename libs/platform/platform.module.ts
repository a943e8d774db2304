import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { DestinationStream } from 'pino';
import { AppConfig } from './config/app-config';
import { Db } from './database/db';
import { SidePool } from './database/side-pool';
import { formatGraphQLError, loggableError } from './errors/format-error';
import { GqlContext } from './graphql/gql-context';
import { Decimal } from './graphql/decimal.scalar';
import { LocalDate } from './graphql/local-date.scalar';
import { queryLimitsPlugin } from './graphql/query-limits.plugin';
import { retryAfterPlugin } from './graphql/retry-after.plugin';
import { runResolversInRequestScope } from './graphql/request-scope';
import { noStorePlugin, transactionPlugin } from './graphql/transaction.plugin';
import { HealthController } from './health/health.controller';
import { requestLogOptions, requestLogPlugin } from './logging';
import { RequestRateLimit } from './rate-limit/request-rate-limit';
import { createValidationPipe } from './validation';

export interface PlatformOptions {
  logStream?: DestinationStream;
  /** What the application applies to the built schema (the personal-data marks). */
  transformSchema?: (schema: GraphQLSchema) => GraphQLSchema;
}

/** Config, database, GraphQL, logging and health: everything shared, nothing domain-specific. */
@Global()
@Module({})
export class PlatformModule {
  /** `options.logStream`: where logs go instead of standard output (tests read them there). */
  static forRoot(config: AppConfig, appDatabaseUrl: string, options: PlatformOptions = {}): DynamicModule {
    const errorLog = new Logger('GraphQL');
    // pino-http writes its request lines at info. Above that level none is ever written, so its
    // per-request middleware (a child logger with the serialized request, a request id nothing
    // else would show) is not mounted; errors are still logged, through the root logger.
    const requestLines = ['trace', 'debug', 'info'].includes(config.LOG_LEVEL);
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: requestLogOptions(config.LOG_LEVEL, options.logStream),
          ...(requestLines ? {} : { forRoutes: [] }),
        }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: appDatabaseUrl,
          entities: [],
          synchronize: false,
          migrationsRun: false,
          extra: { max: config.DB_POOL_SIZE, application_name: 'swsp-api' },
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [Db],
          useFactory: (db: Db) => ({
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            playground: false,
            graphiql: false,
            // Off in production unless configured: the schema is a map for whoever probes the API.
            introspection: config.GRAPHQL_INTROSPECTION,
            hideSchemaDetailsFromClientErrors: !config.GRAPHQL_SUGGESTIONS,
            // Nest's plugin that resets every executed answer to HTTP 200 would undo the 429 of
            // retryAfterPlugin. Nothing else here sets an error status (formatGraphQLError keeps
            // only the code), so answers with data still go out as 200.
            preserveHttpStatusForExecutionErrors: false,
            transformResolvers: runResolversInRequestScope,
            transformSchema: options.transformSchema,
            // Apollo's Fastify integration passes the request and the reply.
            context: (req: FastifyRequest, res: FastifyReply): GqlContext => {
              const request = db.newRequest();
              res.raw.once('close', () => void request.finish(false));
              return { req, res, request };
            },
            // Apollo's cache-control plugin, on by default, follows every field for cache hints this
            // API never gives, only to answer `Cache-Control: no-store`: noStorePlugin says so directly.
            plugins: [
              ApolloServerPluginCacheControlDisabled(),
              noStorePlugin,
              retryAfterPlugin,
              transactionPlugin,
              queryLimitsPlugin(config.GRAPHQL_MAX_DEPTH, config.GRAPHQL_MAX_COMPLEXITY),
              ...(requestLines ? [requestLogPlugin] : []),
            ],
            formatError: (formatted, error) =>
              formatGraphQLError(formatted, error, (e) => errorLog.error(loggableError(e)), { hideSuggestions: !config.GRAPHQL_SUGGESTIONS }),
          }),
        }),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: AppConfig, useValue: config },
        Db,
        { provide: SidePool, useFactory: () => new SidePool(appDatabaseUrl) },
        { provide: RequestRateLimit, inject: [SidePool], useFactory: (pool: SidePool) => new RequestRateLimit(pool, config.RATE_LIMIT_PER_MINUTE) },
        LocalDate,
        Decimal,
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [AppConfig, Db, SidePool, RequestRateLimit],
    };
  }
}
