import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { OrgUnitService } from '@org';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { AuditFilter, AuditRecordPage } from './audit.model';
import { AuditService } from './audit.service';

@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly orgUnits: OrgUnitService,
  ) {}

  @Allow('read', 'AuditLog')
  @Query(() => AuditRecordPage, { complexity: pagedComplexity, description: 'Reads and changes of personal records at your station, newest first' })
  async auditLog(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: AuditFilter, @Args('page', { nullable: true }) page?: PageInput) {
    const root = filter?.rootId ? await this.orgUnits.get(actor, filter.rootId) : undefined;
    return this.audit.list(actor, filter, page, root?.path);
  }
}
