import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { GqlContext } from '@platform/graphql/gql-context';
import { Actor, CurrentActor, Public, SignedIn } from '@access';
import { AuthPayload } from './auth.model';
import { AuthService } from './auth.service';
import { ChangePasswordInput, LoginInput } from './dto/auth.input';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'Sign in. Wrong tenant, username or password all answer UNAUTHENTICATED. Repeated failures answer TOO_MANY_REQUESTS with retryAfterSeconds.',
  })
  login(@Args('input') input: LoginInput, @Context() ctx: GqlContext): Promise<AuthPayload> {
    return this.auth.login(input.tenant, input.username, input.password, ctx.req.ip ?? 'unknown');
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description:
      'Trade a refresh token for new tokens. Each refresh token is good once: presenting a spent one ends the whole session (every token of that sign-in), as it means someone else holds a copy.',
  })
  refreshToken(@Args('refreshToken') refreshToken: string): Promise<AuthPayload> {
    return this.auth.refresh(refreshToken);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Sign out: ends this session, whose access and refresh tokens stop working at once. Other sessions carry on.' })
  logout(@CurrentActor() actor: Actor): Promise<boolean> {
    return this.auth.logout(actor);
  }

  @SignedIn()
  @Mutation(() => AuthPayload, { description: 'Change your own password; every session of the account ends, and you carry on with the tokens returned' })
  changePassword(@CurrentActor() actor: Actor, @Args('input') input: ChangePasswordInput): Promise<AuthPayload> {
    return this.auth.changePassword(actor, input.currentPassword, input.newPassword);
  }
}
