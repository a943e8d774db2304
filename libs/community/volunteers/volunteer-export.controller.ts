import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from '@access/auth/auth.service';
import { Db } from '@platform/database/db';
import { requestStorage } from '@platform/database/request-context';
import { BadInputError, DomainError, ForbiddenError, UnauthenticatedError } from '@platform/errors/domain-errors';
import { isLocalDate } from '@platform/graphql/local-date.scalar';
import { VolunteerRegistry } from './volunteer.service';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote every cell; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * GET /exports/volunteers/:id/services.csv?from&to — a volunteer's service record as CSV, under
 * the same token, transaction, row-level security and access checks as the GraphQL query.
 */
@Controller('exports/volunteers')
export class VolunteerExportController {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly registry: VolunteerRegistry,
  ) {}

  @Get(':id/services.csv')
  async services(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const request = this.db.newRequest();
    let ok = false;
    try {
      const csv = await requestStorage.run(request, async () => {
        const actor = await this.auth.authenticate(request, req.headers.authorization);
        if (!actor) throw new UnauthenticatedError();
        if ((from && !isLocalDate(from)) || (to && !isLocalDate(to))) throw BadInputError.field('from', 'from and to must be dates written YYYY-MM-DD');
        if (!actor.canAny('read', 'Volunteer')) throw new ForbiddenError();
        const volunteer = await this.registry.get(actor, id);
        const entries = await this.registry.services(actor, id, from, to);
        const stations = new Map(
          (await request.query<{ id: string; name: string }>(`select id, name from station where id = any($1::uuid[])`, [[...new Set(entries.map((e) => e.stationId))]])).map((s) => [s.id, s.name]),
        );
        const lines = [['姓名', '日期', '时长(小时)', '服务来源', '服务内容', '站点'].map(csvCell).join(',')];
        for (const e of entries) lines.push([volunteer.name, e.serviceDate, e.hours, e.source, e.description, stations.get(e.stationId)].map(csvCell).join(','));
        return `\uFEFF${lines.join('\r\n')}\r\n`;
      });
      ok = true;
      res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="volunteer-${id}.csv"`);
      res.send(csv);
    } catch (e) {
      if (e instanceof DomainError) {
        res.status(STATUS[e.code] ?? 400).json({ code: e.code, message: e.message });
        return;
      }
      throw e;
    } finally {
      await request.finish(ok);
    }
  }
}
