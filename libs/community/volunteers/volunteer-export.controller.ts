import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ExportErrorFilter, HttpExport, revealedField } from '@access';
import { Db } from '@platform/database/db';
import { BadInputError, FieldProblem, ForbiddenError } from '@platform/errors/domain-errors';
import { localDateProblem } from '@platform/graphql/local-date.scalar';
import { UuidArgPipe } from '@platform/graphql/uuid-arg.pipe';
import { Volunteer, VolunteerService } from './volunteer.model';
import { VolunteerRegistry } from './volunteer.service';

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote every cell; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** GET /exports/volunteers/:id/services.csv?from&to — a volunteer's service record as CSV. */
@Controller('exports/volunteers')
@UseFilters(ExportErrorFilter)
export class VolunteerExportController {
  constructor(
    private readonly db: Db,
    private readonly exporter: HttpExport,
    private readonly registry: VolunteerRegistry,
  ) {}

  @Get(':id/services.csv')
  services(
    @Param('id', UuidArgPipe) id: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.exporter.send(req, res, async (actor) => {
      if (!actor.canAny('read', 'Volunteer')) throw new ForbiddenError();
      const problems: FieldProblem[] = [];
      for (const [field, value] of [
        ['from', from],
        ['to', to],
      ] as const) {
        const problem = value === undefined ? undefined : localDateProblem(value);
        if (problem) problems.push({ field, message: problem });
      }
      if (problems.length) throw new BadInputError(problems);
      const volunteer = await this.registry.get(actor, id);
      const entries = await this.registry.services(actor, id, from, to);
      const stationIds = [...new Set(entries.map((e) => e.stationId))];
      const stations = new Map(
        (await this.db.query<{ id: string; name: string }>(`select id, name from station where id = any($1::uuid[])`, [stationIds])).map((s) => [s.id, s.name]),
      );
      const lines = [['姓名', '日期', '时长(小时)', '服务来源', '服务内容', '站点'].map(csvCell).join(',')];
      // The file shows what the API would: the name and each entry's description through the revealer.
      const request = this.db.request;
      const name = revealedField(request, actor, Volunteer, volunteer, 'name');
      for (const e of entries)
        lines.push(
          [name, e.serviceDate, e.hours, e.source, revealedField(request, actor, VolunteerService, e, 'description'), stations.get(e.stationId)]
            .map(csvCell)
            .join(','),
        );
      return { contentType: 'text/csv; charset=utf-8', filename: `volunteer-${id}.csv`, body: `\uFEFF${lines.join('\r\n')}\r\n` };
    });
  }
}
