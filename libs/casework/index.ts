/**
 * Service objects, case files, supervision and the audit trail (`@casework`).
 * Tables: service_object, case_file, case_counter, case_goal, case_note, case_stage_event,
 * case_closure_request, supervision_comment, audit_log.
 */
export { CaseworkModule } from './casework.module';
export { AuditAction, AuditEntity } from './audit/audit.model';
export { AuditService } from './audit/audit.service';
export { CaseFile, IntakeSource } from './cases/case-file.model';
export { CaseFileService } from './cases/case-file.service';
export { DuplicateRegistrations } from './audit/duplicate-registrations';
export { RiskLevel, ServiceCategory, ServiceObject } from './service-objects/service-object.model';
export { ServiceObjectService } from './service-objects/service-object.service';
