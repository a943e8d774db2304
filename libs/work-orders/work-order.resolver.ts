import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor, SignedIn } from '@access';
import { IdArg } from '@platform/graphql/id-arg';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { PageInput } from '@platform/graphql/pagination';
import { WorkOrderPolicyService } from './work-order-policy.service';
import { WorkOrderRatesService } from './work-order-rates.service';
import {
  CallbackInput,
  CloseWorkOrderInput,
  CreateWorkOrderInput,
  ExtensionInput,
  IntakeKey,
  NewIntakeKey,
  ReasonInput,
  StationRates,
  WorkOrder,
  WorkOrderCategory,
  WorkOrderCategoryInput,
  WorkOrderExtension,
  WorkOrderFilter,
  WorkOrderLog,
  WorkOrderLogInput,
  WorkOrderMove,
  WorkOrderPage,
  WorkOrderPolicy,
  WorkOrderPolicyInput,
  WorkOrderRates,
} from './work-order.model';
import { WorkOrderService } from './work-order.service';

@Resolver(() => WorkOrder)
export class WorkOrderResolver {
  constructor(
    private readonly orders: WorkOrderService,
    private readonly policy: WorkOrderPolicyService,
    private readonly rates: WorkOrderRatesService,
  ) {}

  @Allow('read', 'WorkOrder')
  @Query(() => WorkOrder)
  workOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<WorkOrder> {
    return this.orders.get(actor, id);
  }

  @Allow('read', 'WorkOrder')
  @Query(() => WorkOrderPage, {
    complexity: pagedComplexity,
    description: 'Orders now in the caller’s subtree, newest first; `overdue: true` is the overdue list',
  })
  workOrders(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: WorkOrderFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.orders.list(actor, filter, page);
  }

  @Allow('read', 'WorkOrder')
  @Query(() => WorkOrderRates, { description: 'The three rates (三率) of the orders received in a period and now in a subtree' })
  workOrderRates(
    @CurrentActor() actor: Actor,
    @IdArg('nodeId') nodeId: string,
    @Args('from', { type: () => LocalDate }) from: string,
    @Args('to', { type: () => LocalDate }) to: string,
  ): Promise<WorkOrderRates> {
    return this.rates.rates(actor, nodeId, from, to);
  }

  @Allow('read', 'WorkOrder')
  @Query(() => [StationRates], { description: 'The stations of a subtree with orders in the period, ranked by the three rates' })
  workOrderStationRanking(
    @CurrentActor() actor: Actor,
    @IdArg('nodeId') nodeId: string,
    @Args('from', { type: () => LocalDate }) from: string,
    @Args('to', { type: () => LocalDate }) to: string,
  ): Promise<StationRates[]> {
    return this.rates.ranking(actor, nodeId, from, to);
  }

  @SignedIn()
  @Query(() => [WorkOrderCategory], { description: 'The city’s work-order classification' })
  workOrderCategories(): Promise<WorkOrderCategory[]> {
    return this.policy.categories();
  }

  @SignedIn()
  @Query(() => WorkOrderPolicy, { description: 'The city’s work-order deadlines' })
  workOrderPolicy(): Promise<WorkOrderPolicy> {
    return this.policy.policy();
  }

  @Allow('update', 'WorkOrderPolicy')
  @Query(() => [IntakeKey], { description: 'The hotline system’s API keys' })
  workOrderIntakeKeys(@CurrentActor() actor: Actor): Promise<IntakeKey[]> {
    return this.policy.keys(actor);
  }

  @Allow('update', 'WorkOrderPolicy')
  @Mutation(() => WorkOrderPolicy)
  setWorkOrderPolicy(@CurrentActor() actor: Actor, @Args('input') input: WorkOrderPolicyInput): Promise<WorkOrderPolicy> {
    return this.policy.setPolicy(actor, input);
  }

  @Allow('update', 'WorkOrderPolicy')
  @Mutation(() => WorkOrderCategory)
  addWorkOrderCategory(@CurrentActor() actor: Actor, @Args('input') input: WorkOrderCategoryInput): Promise<WorkOrderCategory> {
    return this.policy.addCategory(actor, input);
  }

  @Allow('update', 'WorkOrderPolicy')
  @Mutation(() => NewIntakeKey, { description: 'A new API key for the hotline system; the key is shown this once' })
  createWorkOrderIntakeKey(@CurrentActor() actor: Actor, @Args('name') name: string): Promise<NewIntakeKey> {
    return this.policy.createKey(actor, name);
  }

  @Allow('update', 'WorkOrderPolicy')
  @Mutation(() => IntakeKey)
  revokeWorkOrderIntakeKey(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<IntakeKey> {
    return this.policy.revokeKey(actor, id);
  }

  @Allow('create', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: 'Register a request: a dispatcher’s waits for dispatch, a station’s own is accepted at once' })
  createWorkOrder(@CurrentActor() actor: Actor, @Args('input') input: CreateWorkOrderInput): Promise<WorkOrder> {
    return this.orders.create(actor, input);
  }

  @Allow('dispatch', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: '派单 / 重新派单: to a street or community station under the receiving node' })
  dispatchWorkOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string, @IdArg('stationId') stationId: string): Promise<WorkOrder> {
    return this.orders.dispatch(actor, id, stationId);
  }

  @Allow('handle', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: '签收' })
  acceptWorkOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<WorkOrder> {
    return this.orders.accept(actor, id);
  }

  @Allow('handle', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: '退单, with the reason; the order leaves the station' })
  sendBackWorkOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: ReasonInput): Promise<WorkOrder> {
    return this.orders.sendBack(actor, id, input.reason);
  }

  @Allow('handle', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: 'Log a contact with the requester (the first is the response) or an action' })
  logWorkOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: WorkOrderLogInput): Promise<WorkOrder> {
    return this.orders.log(actor, id, input);
  }

  @Allow('handle', 'WorkOrder')
  @Mutation(() => WorkOrder)
  requestWorkOrderExtension(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: ExtensionInput): Promise<WorkOrder> {
    return this.orders.requestExtension(actor, id, input);
  }

  @Allow('dispatch', 'WorkOrder')
  @Mutation(() => WorkOrder)
  decideWorkOrderExtension(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('approve') approve: boolean): Promise<WorkOrder> {
    return this.orders.decideExtension(actor, id, approve);
  }

  @Allow('handle', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: '办结: the result and the reply to the requester' })
  closeWorkOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: CloseWorkOrderInput): Promise<WorkOrder> {
    return this.orders.close(actor, id, input);
  }

  @Allow('dispatch', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: '回访: the requester’s satisfaction' })
  callbackWorkOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: CallbackInput): Promise<WorkOrder> {
    return this.orders.callback(actor, id, input);
  }

  @Allow('dispatch', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: 'Reopen an order called back unsatisfied: back to its station' })
  reopenWorkOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: ReasonInput): Promise<WorkOrder> {
    return this.orders.reopen(actor, id, input.reason);
  }

  @Allow('handle', 'WorkOrder')
  @Mutation(() => WorkOrder)
  linkWorkOrderServiceObject(@CurrentActor() actor: Actor, @IdArg('id') id: string, @IdArg('serviceObjectId') serviceObjectId: string): Promise<WorkOrder> {
    return this.orders.linkServiceObject(actor, id, serviceObjectId);
  }

  @Allow('handle', 'WorkOrder')
  @Mutation(() => WorkOrder, { description: 'Open a case for the linked service object (one open case per person holds)' })
  openCaseFromWorkOrder(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<WorkOrder> {
    return this.orders.openCase(actor, id);
  }

  @ResolveField(() => [WorkOrderMove])
  moves(@Parent() w: WorkOrder): Promise<WorkOrderMove[]> {
    return this.orders.moves(w.id);
  }

  @ResolveField(() => [WorkOrderLog], { description: 'Contacts and actions, oldest first' })
  logs(@Parent() w: WorkOrder): Promise<WorkOrderLog[]> {
    return this.orders.logs(w.id);
  }

  @ResolveField(() => [WorkOrderExtension])
  extensions(@Parent() w: WorkOrder): Promise<WorkOrderExtension[]> {
    return this.orders.extensions(w.id);
  }
}
