import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CaseworkModule } from '@casework';
import { OrgModule } from '@org';
import { Clock } from './clock';
import { CSV_TYPE, WorkOrderIntakeController, XLSX_TYPE } from './intake/work-order-intake.controller';
import { WorkOrderIntakeService } from './intake/work-order-intake.service';
import { WorkOrderPolicyService } from './work-order-policy.service';
import { WorkOrderRatesService } from './work-order-rates.service';
import { WorkOrderResolver } from './work-order.resolver';
import { WorkOrderService } from './work-order.service';

/** The largest import file: 20 MiB (10,000 orders as Excel take about 1 MiB). */
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

/** Citizen requests: work orders dispatched down the tree, their deadlines, callbacks, the three rates and the intake. */
@Module({
  imports: [OrgModule, CaseworkModule],
  controllers: [WorkOrderIntakeController],
  providers: [Clock, WorkOrderPolicyService, WorkOrderService, WorkOrderRatesService, WorkOrderResolver, WorkOrderIntakeService],
  exports: [Clock, WorkOrderService, WorkOrderRatesService, WorkOrderPolicyService],
})
export class WorkOrdersModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Import files arrive as the request body, read whole (bounded), for the import route only. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addContentTypeParser || fastify.hasContentTypeParser(XLSX_TYPE)) return;
    fastify.addContentTypeParser([XLSX_TYPE, CSV_TYPE], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (req, body, done) => {
      if (!req.url.startsWith('/imports/work-orders')) {
        done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }), undefined);
        return;
      }
      done(null, body);
    });
  }
}
