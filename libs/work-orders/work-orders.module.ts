import { Module } from '@nestjs/common';
import { CaseworkModule } from '@casework';
import { OrgModule } from '@org';
import { Clock } from './clock';
import { WorkOrderPolicyService } from './work-order-policy.service';
import { WorkOrderRatesService } from './work-order-rates.service';
import { WorkOrderResolver } from './work-order.resolver';
import { WorkOrderService } from './work-order.service';

/** Citizen requests: work orders dispatched down the tree, their deadlines, callbacks and the three rates. */
@Module({
  imports: [OrgModule, CaseworkModule],
  providers: [Clock, WorkOrderPolicyService, WorkOrderService, WorkOrderRatesService, WorkOrderResolver],
  exports: [Clock, WorkOrderService, WorkOrderRatesService, WorkOrderPolicyService],
})
export class WorkOrdersModule {}
