import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Workbook } from 'exceljs';
import { ExportErrorFilter, HttpExport } from '@access';
import { ForbiddenError } from '@platform/errors/domain-errors';
import { UuidArgPipe } from '@platform/graphql/uuid-arg.pipe';
import { EvaluationService } from './evaluation.service';

/**
 * GET /exports/evaluation/rounds/:id/results.xlsx — a published round's results; GET
 * /exports/evaluation/evidence/:id — an evidence file. Same bearer token and access as the queries.
 */
@Controller('exports/evaluation')
@UseFilters(ExportErrorFilter)
export class EvaluationExportController {
  constructor(
    private readonly exporter: HttpExport,
    private readonly evaluation: EvaluationService,
  ) {}

  @Get('rounds/:id/results.xlsx')
  results(@Param('id', UuidArgPipe) id: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.exporter.send(req, res, async (actor) => {
      if (!actor.canAny('read', 'EvalResult')) throw new ForbiddenError();
      const { round, results } = await this.evaluation.allResults(actor, id);
      const book = new Workbook();
      const sheet = book.addWorksheet('评估结果');
      sheet.addRow([`${round.name}（${round.periodLabel}）`]);
      sheet.addRow([`排名规则：${round.tieBreak}`]);
      const dimensions = results[0]?.dimensions.map((d) => d.name) ?? [];
      const header = sheet.addRow(['全市排名', '区内排名', '站点', '区划代码', '区县', ...dimensions, '总分', '等级', '较上期', '红旗']);
      header.font = { bold: true };
      for (const r of results)
        sheet.addRow([
          r.rankCity,
          r.rankDistrict,
          r.stationName,
          r.stationCode,
          r.districtName,
          ...r.dimensions.map((d) => Number(d.score)),
          Number(r.total),
          r.grade ?? '',
          r.change ?? '',
          r.redFlag ? '红旗' : '',
        ]);
      sheet.getColumn(3).width = 28;
      sheet.getColumn(4).width = 14;
      const body = Buffer.from(await book.xlsx.writeBuffer());
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename: `evaluation-${round.year}-${round.quarter ?? 'Y'}.xlsx`,
        body,
      };
    });
  }

  @Get('evidence/:id')
  evidence(@Param('id', UuidArgPipe) id: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.exporter.send(req, res, async (actor) => {
      if (!actor.canAny('read', 'EvalSheet')) throw new ForbiddenError();
      const file = await this.evaluation.evidenceFile(actor, id);
      // The name is the uploader's: only plain characters go into the header; the type comes from the content.
      const ascii = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
      return { contentType: file.contentType, filename: ascii, body: file.content };
    });
  }
}
