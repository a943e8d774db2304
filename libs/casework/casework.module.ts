import { Module } from '@nestjs/common';
import { AccountsModule } from '@accounts';
import { OrgModule } from '@org';
import { AuditResolver } from './audit/audit.resolver';
import { AuditService } from './audit/audit.service';
import { DuplicateRegistrations } from './audit/duplicate-registrations';
import { CaseFileResolver } from './cases/case-file.resolver';
import { CaseFileService } from './cases/case-file.service';
import { CaseRecordsService } from './cases/case-records.service';
import { CaseStageService } from './cases/case-stage.service';
import { ServiceObjectResolver } from './service-objects/service-object.resolver';
import { ServiceObjectService } from './service-objects/service-object.service';
import { SupervisionResolver } from './supervision/supervision.resolver';
import { SupervisionService } from './supervision/supervision.service';

/** Service objects, case files through the standard process, supervision, and the audit trail. */
@Module({
  imports: [OrgModule, AccountsModule],
  providers: [
    AuditService,
    DuplicateRegistrations,
    AuditResolver,
    ServiceObjectService,
    ServiceObjectResolver,
    CaseFileService,
    CaseRecordsService,
    CaseStageService,
    CaseFileResolver,
    SupervisionService,
    SupervisionResolver,
  ],
  exports: [ServiceObjectService, CaseFileService, AuditService, DuplicateRegistrations],
})
export class CaseworkModule {}
