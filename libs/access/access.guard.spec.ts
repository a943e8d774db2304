import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '@platform/errors/domain-errors';
import { Allow, Public, SignedIn } from './access.decorators';
import { AccessGuard } from './access.guard';
import { Actor } from './actor';
import { Authenticator } from './authenticator';
import { Role } from './roles';

class Handlers {
  undeclared() {}
  @Public() open() {}
  @SignedIn() anyone() {}
  @Allow('create', 'OrgUnit') build() {}
}

function graphqlContext(handler: () => void, parentType = 'Query'): ExecutionContext {
  const gqlCtx = { req: { headers: { authorization: 'Bearer t' } }, request: {} };
  const args = [{}, {}, gqlCtx, { parentType: { name: parentType } }];
  return {
    getType: () => 'graphql',
    getHandler: () => handler,
    getClass: () => Handlers,
    getArgs: () => args,
    getArgByIndex: (i: number) => args[i],
    switchToHttp: () => ({}) as never,
    switchToRpc: () => ({}) as never,
    switchToWs: () => ({}) as never,
  } as unknown as ExecutionContext;
}

const worker = new Actor('user', 'u1', 't1', 'w', 'Worker', [{ id: 'a1', role: Role.SOCIAL_WORKER, orgUnitId: 'n1', path: 'c.d.s' }]);
const admin = new Actor('user', 'u2', 't1', 'a', 'Admin', [{ id: 'a2', role: Role.CITY_ADMIN, orgUnitId: 'n0', path: 'c' }]);

function guard(actor: Actor | null) {
  const auth = { authenticate: jest.fn().mockResolvedValue(actor) } as unknown as Authenticator;
  return new AccessGuard(new Reflector(), auth);
}

describe('AccessGuard', () => {
  const h = Handlers.prototype;

  it('refuses a root field that declares no access rule, even for an admin', async () => {
    await expect(guard(admin).canActivate(graphqlContext(h.undeclared))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lets anyone through a public field', async () => {
    await expect(guard(null).canActivate(graphqlContext(h.open))).resolves.toBe(true);
  });

  it('needs a valid actor for signed-in fields', async () => {
    await expect(guard(null).canActivate(graphqlContext(h.anyone))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(guard(worker).canActivate(graphqlContext(h.anyone))).resolves.toBe(true);
  });

  it('needs a role granting the declared action', async () => {
    await expect(guard(worker).canActivate(graphqlContext(h.build))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(guard(admin).canActivate(graphqlContext(h.build))).resolves.toBe(true);
  });

  it('leaves field resolvers of object types to their parent’s check', async () => {
    await expect(guard(null).canActivate(graphqlContext(h.undeclared, 'OrgUnit'))).resolves.toBe(true);
  });
});
