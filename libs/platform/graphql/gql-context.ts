import type { Request, Response } from 'express';
import { RequestContext } from '../database/request-context';

/** The GraphQL context of one HTTP request. */
export interface GqlContext {
  req: Request;
  res: Response;
  request: RequestContext;
}
