import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestContext } from '../database/request-context';

/** The GraphQL context of one HTTP request. */
export interface GqlContext {
  req: FastifyRequest;
  res: FastifyReply;
  request: RequestContext;
}
