import { Module } from '@nestjs/common';
import { OrgModule } from '@org';
import { AccountsResolver } from './accounts.resolver';
import { AccountsService } from './accounts.service';

/** User accounts and the roles granted to them on nodes of the tree. */
@Module({
  imports: [OrgModule],
  providers: [AccountsService, AccountsResolver],
  exports: [AccountsService],
})
export class AccountsModule {}
