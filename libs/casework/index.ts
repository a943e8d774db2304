/**
 * Service objects, case files, supervision and the audit trail (`@casework`).
 * Tables: service_object, case_file, case_counter, case_goal, case_note, case_stage_event,
 * case_closure_request, supervision_comment, audit_log.
 */
export { CaseworkModule } from './casework.module';
export { AuditEntity } from './audit/audit.model';
export { DuplicateRegistrations } from './audit/duplicate-registrations';
export { RiskLevel, ServiceCategory, ServiceObject } from './service-objects/service-object.model';
export { ServiceObjectService } from './service-objects/service-object.service';
