import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Db } from '@platform/database/db';
import { requestStorage } from '@platform/database/request-context';
import { BadInputError, DomainError, ErrorCode, UnauthenticatedError } from '@platform/errors/domain-errors';
import { loggableError } from '@platform/errors/format-error';
import { controlCharacterProblems } from '@platform/validation';
import { Actor } from './actor';
import { Authenticator } from './authenticator';

export interface FileResult {
  contentType: string;
  filename: string;
  body: Buffer | string;
}

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RULE_VIOLATED: 422,
  TOO_MANY_REQUESTS: 429,
};

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
};

/** The one body of a refused download: `{ code, message }`, as GraphQL's extensions.code and message (with `fields` for bad input). */
function sendError(res: FastifyReply, error: unknown, log: Logger): void {
  if (error instanceof DomainError) {
    const body: Record<string, unknown> = { code: error.code, message: error.message };
    if (error.code === 'BAD_USER_INPUT') body.fields = error.extensions.fields;
    void res.status(STATUS[error.code]).send(body);
  } else if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    void res.status(status).send({ code: CODE_OF_STATUS[status] ?? 'BAD_REQUEST', message: error.message });
  } else {
    log.error(loggableError(error));
    void res.status(500).send({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
  }
}

/**
 * For the download routes: whatever refuses a request before the handler runs (a parameter pipe,
 * the global validation pipe) answers with the same body as the refusals inside it, not the
 * framework's default `{ statusCode, message, error }`.
 */
@Catch()
export class ExportErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('Export');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    if (res.sent) return;
    sendError(res, error, this.log);
  }
}

/**
 * Serves a file download (CSV, Excel) under the same bearer token, single transaction,
 * row-level security and access checks as GraphQL; domain errors become HTTP statuses.
 */
@Injectable()
export class HttpExport {
  private readonly log = new Logger('Export');

  constructor(
    private readonly db: Db,
    private readonly auth: Authenticator,
  ) {}

  async send(req: FastifyRequest, res: FastifyReply, work: (actor: Actor) => Promise<FileResult>): Promise<void> {
    const request = this.db.newRequest();
    let ok = false;
    try {
      const file = await requestStorage.run(request, async () => {
        // Every parameter of the query string, also those the route does not read (the pipe checks those it does).
        const problems = controlCharacterProblems(req.query, '');
        if (problems.length) throw new BadInputError(problems);
        const actor = await this.auth.authenticate(request, req);
        if (!actor) throw new UnauthenticatedError();
        return work(actor);
      });
      ok = true;
      await res.status(200).type(file.contentType).header('Content-Disposition', `attachment; filename="${file.filename}"`).send(file.body);
    } catch (e) {
      sendError(res, e, this.log);
    } finally {
      await request.finish(ok);
    }
  }
}
