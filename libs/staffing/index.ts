/**
 * Station rosters, certificates, the staffing policy, compliance and staff-change filings (`@staffing`).
 * Tables: staff_member, staff_certificate, staffing_policy, staff_filing.
 */
export { StaffingModule } from './staffing.module';
export { ComplianceService } from './compliance/compliance.service';
