import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Bearer tokens: send the access token as `Authorization: Bearer …`; renew it with the refresh token.' })
export class AuthPayload {
  @Field()
  accessToken: string;

  @Field()
  refreshToken: string;

  @Field(() => Int, { description: 'Seconds until the access token expires' })
  expiresIn: number;
}
