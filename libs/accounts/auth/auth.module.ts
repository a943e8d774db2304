import { createSecretKey } from 'node:crypto';
import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { Authenticator } from '@access';
import { AppConfig } from '@platform/config/app-config';
import { resolveJwtSecret } from '@platform/config/jwt-secret';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { RateLimitMiddleware } from './rate-limit.middleware';
import { TokenService } from './tokens';

/** Sign-in, sessions and tokens; it answers the kernel's `Authenticator` for every request. */
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
  providers: [AuthService, TokenService, LoginThrottle, AuthResolver, RateLimitMiddleware, { provide: Authenticator, useExisting: AuthService }],
  exports: [AuthService, TokenService, Authenticator],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // GraphQL and the file exports: everything a bearer token can call.
    consumer.apply(RateLimitMiddleware).forRoutes('graphql', 'exports/*path');
  }
}
