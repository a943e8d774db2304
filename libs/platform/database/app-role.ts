/**
 * The role the API connects as at run time. It owns no table and is no superuser, so
 * row-level security applies to every statement it runs. Migrations grant it table rights.
 */
export const APP_ROLE = 'swsp_app';
