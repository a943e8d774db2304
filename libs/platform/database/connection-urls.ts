import { APP_ROLE } from './app-role';

export interface DatabaseUrls {
  /** Owner of the schema: runs migrations and seeds. */
  owner: string;
  /** The application role: runs every request. */
  app: string;
}

/** The app URL is the owner URL with the application role's credentials, unless given explicitly. */
export function deriveAppUrl(ownerUrl: string, appPassword: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = appPassword;
  return url.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
