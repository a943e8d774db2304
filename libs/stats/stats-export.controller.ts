import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Workbook } from 'exceljs';
import { ExportErrorFilter, HttpExport } from '@access';
import { ForbiddenError } from '@platform/errors/domain-errors';
import { UuidArgPipe } from '@platform/graphql/uuid-arg.pipe';
import { METRICS } from './catalogue';
import { DECIMAL_METRICS } from './metrics';
import { StatFigures } from './stats.model';
import { checkReportRange, StatsService } from './stats.service';

/** The columns of the statistics table: every metric of the catalogue, in its order, under its Chinese label. */
const COLUMNS: [string, string][] = METRICS.map((m) => [m.label, m.name]);

/**
 * GET /exports/statistics.xlsx?nodeId&from&to — the statistics table with a row per child node
 * and a totals row, under the same access as the `statistics` query.
 */
@Controller('exports')
@UseFilters(ExportErrorFilter)
export class StatsExportController {
  constructor(
    private readonly exporter: HttpExport,
    private readonly stats: StatsService,
  ) {}

  @Get('statistics.xlsx')
  statistics(
    @Query('nodeId', UuidArgPipe) nodeId: string,
    @Query('from') from: string,
    @Query('to') to: string,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.exporter.send(req, res, async (actor) => {
      if (!actor.canAny('read', 'Statistics')) throw new ForbiddenError();
      checkReportRange(from, to);
      const { scope } = await this.stats.report(actor, nodeId, from, to);
      const report = { figures: await this.stats.wholeFigures(scope), children: await this.stats.children(scope) };
      const book = new Workbook();
      const sheet = book.addWorksheet('统计');
      sheet.addRow([`统计期间 ${from} 至 ${to}`]);
      const header = sheet.addRow(['单位', '区划代码', ...COLUMNS.map(([title]) => title)]);
      header.font = { bold: true };
      const cells = (f: StatFigures) => COLUMNS.map(([, key]) => (DECIMAL_METRICS.has(key) ? Number(f[key]) : (f[key] as number | null)));
      for (const child of report.children) sheet.addRow([child.own ? `${child.name}(本级)` : child.name, child.code, ...cells(child.figures)]);
      const total = sheet.addRow(['合计', '', ...cells(report.figures)]);
      total.font = { bold: true };
      COLUMNS.forEach(([, key], i) => {
        if (DECIMAL_METRICS.has(key)) sheet.getColumn(i + 3).numFmt = '#,##0.00';
      });
      sheet.getColumn(1).width = 28;
      sheet.getColumn(2).width = 14;
      const body = Buffer.from(await book.xlsx.writeBuffer());
      return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `statistics-${from}-${to}.xlsx`, body };
    });
  }
}
