import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GqlContext } from '@platform/graphql/gql-context';
import { Action, Subject } from './permissions';
import { Actor } from './actor';

export const ACCESS_KEY = 'swsp:access';

/** Every query and mutation declares one of these; without one the guard refuses it. */
export type AccessRule = { kind: 'public' } | { kind: 'signedIn' } | { kind: 'allow'; action: Action; subject: Subject };

/** Open to anyone, signed in or not (login, token refresh). */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** Any signed-in actor; the service decides the rest (e.g. `me`). */
export const SignedIn = () => SetMetadata(ACCESS_KEY, { kind: 'signedIn' } satisfies AccessRule);

/** A signed-in actor with some role allowing `action` on `subject`; the service checks the record. */
export const Allow = (action: Action, subject: Subject) => SetMetadata(ACCESS_KEY, { kind: 'allow', action, subject } satisfies AccessRule);

export const ACTOR_KEY = 'actor';

/** The authenticated actor of this request (set by the access guard). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const ctx = GqlExecutionContext.create(context).getContext<GqlContext & { actor?: Actor }>();
  if (!ctx.actor) throw new Error('CurrentActor used on a resolver without a signed-in access rule');
  return ctx.actor;
});
