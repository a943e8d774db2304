import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Workbook } from 'exceljs';
import { ExportErrorFilter, HttpExport } from '@access/http-export';
import { ForbiddenError } from '@platform/errors/domain-errors';
import { UuidArgPipe } from '@platform/graphql/uuid-arg.pipe';
import { StatFigures } from './stats.model';
import { checkReportRange, StatsService } from './stats.service';

/** The columns of the statistics table: Chinese header, the figure, and whether it is money/hours. */
const COLUMNS: [string, keyof StatFigures][] = [
  ['服务总量', 'totalServices'],
  ['个案记录', 'caseRecords'],
  ['新开个案', 'casesOpened'],
  ['结案', 'casesClosed'],
  ['在案个案', 'casesActive'],
  ['小组节次', 'groupSessions'],
  ['小组参与人次', 'groupPersonTimes'],
  ['社区活动', 'communityActivities'],
  ['社区活动参与人次', 'communityPersonTimes'],
  ['参与人次合计', 'personTimes'],
  ['探访', 'homeVisits'],
  ['志愿服务次数', 'volunteerServices'],
  ['志愿服务时长(小时)', 'volunteerHours'],
  ['参与服务志愿者', 'volunteersActive'],
  ['登记志愿者', 'volunteersRegistered'],
  ['服务对象', 'serviceObjects'],
  ['高风险服务对象', 'highRiskObjects'],
  ['动员社区社会组织', 'organizationsMobilized'],
  ['新培育社区社会组织', 'organizationsNewlyCultivated'],
  ['五社联动', 'linkages'],
  ['链接慈善资金(元)', 'charityMoney'],
  ['链接慈善物资价值(元)', 'charityGoodsValue'],
];

const DECIMAL = new Set<keyof StatFigures>(['volunteerHours', 'charityMoney', 'charityGoodsValue']);

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
      const cells = (f: StatFigures) => COLUMNS.map(([, key]) => (DECIMAL.has(key) ? Number(f[key]) : (f[key] as number | null)));
      for (const child of report.children) sheet.addRow([child.own ? `${child.name}(本级)` : child.name, child.code, ...cells(child.figures)]);
      const total = sheet.addRow(['合计', '', ...cells(report.figures)]);
      total.font = { bold: true };
      COLUMNS.forEach(([, key], i) => {
        if (DECIMAL.has(key)) sheet.getColumn(i + 3).numFmt = '#,##0.00';
      });
      sheet.getColumn(1).width = 28;
      sheet.getColumn(2).width = 14;
      const body = Buffer.from(await book.xlsx.writeBuffer());
      return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `statistics-${from}-${to}.xlsx`, body };
    });
  }
}
