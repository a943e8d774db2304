import { Body, Controller, Headers, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ExportErrorFilter, HttpExport } from '@access';
import { BadInputError } from '@platform/errors/domain-errors';
import { UuidArgPipe } from '@platform/graphql/uuid-arg.pipe';
import { WorkOrderIntakeService } from './work-order-intake.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';

/**
 * POST /imports/work-orders?intakeNodeId=… — a dispatcher's file of orders (the body: an .xlsx
 * workbook or a CSV text, by its Content-Type), under the same bearer token and access as the
 * API; answers the per-row report as JSON.
 * POST /intake/work-orders — one order from the hotline's system, with the city's API key in
 * `X-Api-Key`; 201 when created, 200 with the first one's id when the order number is known.
 */
@Controller()
@UseFilters(ExportErrorFilter)
export class WorkOrderIntakeController {
  constructor(
    private readonly exporter: HttpExport,
    private readonly intake: WorkOrderIntakeService,
  ) {}

  @Post('imports/work-orders')
  importFile(@Query('intakeNodeId', UuidArgPipe) intakeNodeId: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.exporter.send(req, res, async (actor) => {
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
      if ((type !== XLSX_TYPE && type !== CSV_TYPE) || !Buffer.isBuffer(req.body))
        throw BadInputError.field('file', `send the file as the body, with Content-Type ${XLSX_TYPE} or ${CSV_TYPE}`);
      const rows = await this.intake.readFile(req.body, type === CSV_TYPE ? 'csv' : 'xlsx');
      const report = await this.intake.importRows(actor, intakeNodeId, rows);
      return { contentType: 'application/json; charset=utf-8', filename: 'work-order-import-report.json', body: JSON.stringify(report) };
    });
  }

  @Post('intake/work-orders')
  @HttpCode(201)
  async receive(@Headers('x-api-key') key: string | undefined, @Body() body: unknown, @Res({ passthrough: true }) res: FastifyReply) {
    const result = await this.intake.receive(key, body);
    if (!result.created) void res.status(200);
    return result;
  }
}
