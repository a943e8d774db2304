import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AccessService } from './access.service';
import { HttpExport } from './http-export';
import { RulesResolver } from './rules.resolver';

/**
 * The security kernel: the deny-by-default guard, record-level checks and the file exports'
 * request handling; every module uses it. Who the caller is comes from an `Authenticator`,
 * which the accounts module provides (globally), so the kernel knows no account table.
 */
@Global()
@Module({
  providers: [AccessService, HttpExport, RulesResolver, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AccessService, HttpExport],
})
export class AccessModule {}
