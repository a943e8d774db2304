import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ForbiddenError, UnauthenticatedError } from '@platform/errors/domain-errors';
import { GqlContext } from '@platform/graphql/gql-context';
import { ACCESS_KEY, AccessRule } from './access.decorators';
import { Actor } from './actor';
import { Authenticator } from './authenticator';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** Deny by default: a root field runs only under an explicit access rule its caller satisfies. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    if (!ROOT_TYPES.has(gql.getInfo().parentType.name)) return true;
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_KEY, context.getHandler());
    if (!rule) throw new ForbiddenError('This operation declares no access rule and is refused');
    if (rule.kind === 'public') return true;

    const ctx = gql.getContext<GqlContext & { actor?: Actor | null }>();
    const actor = await this.auth.authenticate(ctx.request, ctx.req);
    if (!actor) throw new UnauthenticatedError();
    ctx.actor = actor;
    if (rule.kind === 'allow' && !actor.canAny(rule.action, rule.subject)) throw new ForbiddenError();
    return true;
  }
}
