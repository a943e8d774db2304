import { createSecretKey } from 'node:crypto';
import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@platform/config/app-config';
import { resolveJwtSecret } from '@platform/config/jwt-secret';
import { AccessGuard } from './access.guard';
import { AccessService } from './access.service';
import { AuthResolver } from './auth/auth.resolver';
import { RulesResolver } from './rules.resolver';
import { AuthService } from './auth/auth.service';
import { LoginThrottle } from './auth/login-throttle';
import { RateLimitMiddleware } from './auth/rate-limit.middleware';
import { HttpExport } from './http-export';
import { TokenService } from './auth/tokens';

/** Sign-in, tokens, the deny-by-default guard and record-level checks; every module uses it. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // The same key jsonwebtoken would derive from the string, made once: given a string it first
        // tries (and fails) to parse it as a public key on every verify, a thrown error per request.
        const key = createSecretKey(Buffer.from(resolveJwtSecret(config), 'utf8'));
        return { secretOrKeyProvider: () => key, signOptions: { algorithm: 'HS256' } };
      },
    }),
  ],
  providers: [
    AuthService,
    TokenService,
    LoginThrottle,
    AccessService,
    HttpExport,
    AuthResolver,
    RulesResolver,
    RateLimitMiddleware,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, AccessService, TokenService, HttpExport],
})
export class AccessModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // GraphQL and the file exports: everything a bearer token can call.
    consumer.apply(RateLimitMiddleware).forRoutes('graphql', 'exports/*path');
  }
}
