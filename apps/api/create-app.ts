import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@platform/config/app-config';
import type { PlatformOptions } from '@platform/platform.module';
import { registerGraphiql } from '@platform/graphql/graphiql';
import { AppModule } from './app.module';

/** The largest request body accepted (GraphQL documents and their variables): 1 MiB. */
const BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP application; main.ts listens on it, end-to-end tests drive it through supertest. */
export async function createApp(config: AppConfig, appDatabaseUrl: string, options: PlatformOptions = {}): Promise<NestFastifyApplication> {
  // Fastify sends no X-Powered-By and computes no ETag of its own; the client's address is the
  // forwarding proxy's word only when that proxy is on this machine.
  const adapter = new FastifyAdapter({ trustProxy: 'loopback', bodyLimit: BODY_LIMIT });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, appDatabaseUrl, options), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Off in production unless GRAPHIQL is set (see AppConfig): an explorer for the schema is for developers.
  if (config.GRAPHIQL) registerGraphiql(app.getHttpAdapter().getInstance());
  app.enableShutdownHooks();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
