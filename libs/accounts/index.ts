/**
 * Accounts, role assignments, sign-in, sessions and tokens (`@accounts`); it provides the
 * kernel's `Authenticator`.
 * Tables: user_account, role_assignment, user_session, platform_operator, operator_session, auth_throttle.
 */
export { AccountsModule } from './accounts.module';
export { AccountsService } from './accounts.service';
export { AuthModule } from './auth/auth.module';
export { hashPassword, passwordWeakness } from './auth/password';
