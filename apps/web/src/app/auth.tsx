import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { graphql } from '../gql';
import type { PermissionAction, PermissionSubject, Role, SessionQuery } from '../gql/graphql';
import { endSession, onSessionEnded, request, requestPublic, tokens } from '../lib/client';
import { setTimeZone } from '../lib/dates';
import { ApiError } from '../lib/errors';
import { allows, allowsAll } from '../lib/permissions';

const LOGIN = graphql(`
  mutation SignIn($input: LoginInput!) {
    login(input: $input) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

/** Who the caller is, what they may do, and the stations they work at: one request when the console starts. */
const SESSION = graphql(`
  query Session {
    me {
      id
      username
      displayName
      tenantId
      tenantName
      timeZone
      isPlatformOperator
      assignments {
        id
        role
        orgUnitId
        orgUnitName
      }
      permissions {
        action
        subject
        conditions
      }
    }
    stations(page: { limit: 100 }) {
      items {
        id
        name
        orgUnitId
        status
      }
    }
  }
`);

/** The platform operator belongs to no city and sees no station: who they are and what they may do. */
const OPERATOR_SESSION = graphql(`
  query OperatorSession {
    me {
      id
      username
      displayName
      tenantId
      tenantName
      timeZone
      isPlatformOperator
      assignments {
        id
        role
        orgUnitId
        orgUnitName
      }
      permissions {
        action
        subject
        conditions
      }
    }
  }
`);

export type Me = SessionQuery['me'];
export type StationInfo = SessionQuery['stations']['items'][number];

export type EndReason = 'signedOut' | 'idle' | 'expired';

export interface Session {
  me: Me;
  /** The stations of the caller's role assignments (a supervisor's assigned stations). */
  stations: StationInfo[];
  /** The station the caller works at (the first assignment's). */
  station: StationInfo | undefined;
  roles: Set<Role>;
  can(action: PermissionAction, subject: PermissionSubject, record?: Record<string, unknown>): boolean;
  canAll(action: PermissionAction, subject: PermissionSubject): boolean;
}

interface AuthState {
  status: 'loading' | 'signedOut' | 'signedIn';
  session?: Session;
  ended?: EndReason;
  signIn(tenant: string, username: string, password: string): Promise<void>;
  signOut(reason?: EndReason): void;
}

const AuthContext = createContext<AuthState | null>(null);

/** Minutes without a keystroke, click or scroll after which the session ends (shared office PCs). */
function idleLimitMs(): number {
  const override = Number(localStorage.getItem('swsp.idleSeconds'));
  return override > 0 ? override * 1000 : 30 * 60 * 1000;
}

function toSession(data: SessionQuery): Session {
  const me = data.me;
  const assigned = new Set(me.assignments.map((a) => a.orgUnitId));
  const stations = data.stations.items.filter((s) => assigned.has(s.orgUnitId));
  const ordered = me.assignments.map((a) => stations.find((s) => s.orgUnitId === a.orgUnitId)).filter((s): s is StationInfo => Boolean(s));
  return {
    me,
    stations: ordered.filter((s, i) => ordered.indexOf(s) === i),
    station: ordered[0],
    roles: new Set(me.assignments.map((a) => a.role)),
    can: (action, subject, record) => allows(me.permissions, action, subject, record),
    canAll: (action, subject) => allowsAll(me.permissions, action, subject),
  };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthState['status']>(tokens.get() ? 'loading' : 'signedOut');
  const [session, setSession] = useState<Session>();
  const [ended, setEnded] = useState<EndReason>();
  const lastActivity = useRef(Date.now());

  const signOut = useCallback((reason: EndReason = 'signedOut') => {
    // Signing out (or going idle) ends the session on the server too; an expired one is already over.
    if (reason !== 'expired') void endSession();
    // The refresh token is dropped with the access token: this tab can no longer renew the session.
    tokens.clear();
    setSession(undefined);
    setEnded(reason);
    setStatus('signedOut');
  }, []);

  const load = useCallback(async () => {
    const data = await request(SESSION).catch(async (e: unknown) => {
      // Stations are a city's: the operator's session is the rest of it.
      if (!(e instanceof ApiError) || e.code !== 'FORBIDDEN') throw e;
      return { ...(await request(OPERATOR_SESSION)), stations: { items: [] } } as SessionQuery;
    });
    setTimeZone(data.me.timeZone);
    setSession(toSession(data));
    setEnded(undefined);
    setStatus('signedIn');
    lastActivity.current = Date.now();
  }, []);

  useEffect(() => {
    onSessionEnded(() => signOut('expired'));
    if (tokens.get()) load().catch(() => signOut('expired'));
  }, [load, signOut]);

  // An idle session ends: any input counts as activity.
  useEffect(() => {
    if (status !== 'signedIn') return;
    const touch = () => {
      lastActivity.current = Date.now();
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const limit = idleLimitMs();
    const timer = window.setInterval(
      () => {
        if (Date.now() - lastActivity.current > limit) signOut('idle');
      },
      Math.min(15_000, Math.max(500, limit / 4)),
    );
    return () => {
      for (const e of events) window.removeEventListener(e, touch);
      window.clearInterval(timer);
    };
  }, [status, signOut]);

  const signIn = useCallback(
    async (tenant: string, username: string, password: string) => {
      // No city code: the platform operator, who belongs to no city.
      const code = (tenant ?? '').trim().toLowerCase();
      const data = await requestPublic(LOGIN, { input: { ...(code ? { tenant: code } : {}), username: username.trim(), password } });
      tokens.set(data.login);
      await load();
    },
    [load],
  );

  const value = useMemo<AuthState>(() => ({ status, session, ended, signIn, signOut }), [status, session, ended, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in session (only inside the signed-in layout). */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession while signed out');
  return session;
}
