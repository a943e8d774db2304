import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Db } from '@platform/database/db';
import { requestStorage } from '@platform/database/request-context';
import { DomainError, UnauthenticatedError } from '@platform/errors/domain-errors';
import { Actor } from './actor';
import { AuthService } from './auth/auth.service';

export interface FileResult {
  contentType: string;
  filename: string;
  body: Buffer | string;
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };

/**
 * Serves a file download (CSV, Excel) under the same bearer token, single transaction,
 * row-level security and access checks as GraphQL; domain errors become HTTP statuses.
 */
@Injectable()
export class HttpExport {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
  ) {}

  async send(req: Request, res: Response, work: (actor: Actor) => Promise<FileResult>): Promise<void> {
    const request = this.db.newRequest();
    let ok = false;
    try {
      const file = await requestStorage.run(request, async () => {
        const actor = await this.auth.authenticate(request, req);
        if (!actor) throw new UnauthenticatedError();
        return work(actor);
      });
      ok = true;
      res.status(200).type(file.contentType).setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.send(file.body);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      res.status(STATUS[e.code] ?? 400).json({ code: e.code, message: e.message });
    } finally {
      await request.finish(ok);
    }
  }
}
