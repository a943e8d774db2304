import { Module } from '@nestjs/common';
import { AccountsModule } from '@accounts';
import { OrgModule } from '@org';
import { ComplianceResolver } from './compliance/compliance.resolver';
import { ComplianceService } from './compliance/compliance.service';
import { StaffFilingResolver } from './filings/staff-filing.resolver';
import { StaffFilingService } from './filings/staff-filing.service';
import { StaffingPolicyResolver } from './policy/staffing-policy.resolver';
import { StaffingPolicyService } from './policy/staffing-policy.service';
import { CertificateService } from './staff/certificate.service';
import { StaffResolver } from './staff/staff.resolver';
import { StaffService } from './staff/staff.service';

/** Station rosters, certificates, the staffing policy and compliance, staff-change filings. */
@Module({
  imports: [OrgModule, AccountsModule],
  providers: [
    StaffService,
    CertificateService,
    StaffResolver,
    StaffingPolicyService,
    StaffingPolicyResolver,
    ComplianceService,
    ComplianceResolver,
    StaffFilingService,
    StaffFilingResolver,
  ],
  exports: [StaffService, ComplianceService],
})
export class StaffingModule {}
