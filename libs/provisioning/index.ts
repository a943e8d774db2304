/**
 * Tenant provisioning (`@provisioning`): a new city in one transaction — its tenant, city node,
 * first city admin and default service catalog, each written by the module that owns it.
 * Tables: none of its own.
 */
export { TenantProvisioningModule } from './tenant-provisioning.module';
