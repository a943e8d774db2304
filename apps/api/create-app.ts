import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@platform/config/app-config';
import type { PlatformOptions } from '@platform/platform.module';
import { graphiqlAsset, graphiqlPage } from '@platform/graphql/graphiql';
import { AppModule } from './app.module';

/** Builds the HTTP application; main.ts listens on it, end-to-end tests drive it through supertest. */
export async function createApp(config: AppConfig, appDatabaseUrl: string, options: PlatformOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, appDatabaseUrl, options), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // Express hashes every response body for an ETag; GraphQL answers (POST, no-store) never use one.
  app.set('etag', false);
  // Off in production unless GRAPHIQL is set (see AppConfig): an explorer for the schema is for developers.
  if (config.GRAPHIQL) {
    app.use('/graphql', graphiqlPage);
    app.getHttpAdapter().getInstance().get('/graphiql/:asset', graphiqlAsset);
  }
  app.enableShutdownHooks();
  await app.init();
  return app;
}
