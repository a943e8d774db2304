import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { IdArg } from '@platform/graphql/id-arg';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { RegisterServiceObjectInput, ServiceObjectDetailsInput, ServiceObjectFilter } from './dto/service-object.input';
import { ServiceObject, ServiceObjectPage } from './service-object.model';
import { ServiceObjectService } from './service-object.service';

@Resolver(() => ServiceObject)
export class ServiceObjectResolver {
  constructor(private readonly objects: ServiceObjectService) {}

  @Allow('read', 'ServiceObject')
  @Query(() => ServiceObject, { description: 'A person’s file; NOT_FOUND outside your scope' })
  serviceObject(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<ServiceObject> {
    return this.objects.get(actor, id);
  }

  @Allow('read', 'ServiceObject')
  @Query(() => ServiceObjectPage, { complexity: pagedComplexity, description: 'People served, by name, identity-number tail, category, risk, community' })
  serviceObjects(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: ServiceObjectFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    return this.objects.list(actor, filter, page);
  }

  @Allow('create', 'ServiceObject')
  @Mutation(() => ServiceObject, { description: 'Register a person at a station; one file per identity number in the city (CONFLICT otherwise)' })
  registerServiceObject(@CurrentActor() actor: Actor, @Args('input') input: RegisterServiceObjectInput): Promise<ServiceObject> {
    return this.objects.register(actor, input);
  }

  @Allow('update', 'ServiceObject')
  @Mutation(() => ServiceObject)
  updateServiceObject(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: ServiceObjectDetailsInput): Promise<ServiceObject> {
    return this.objects.update(actor, id, input);
  }
}
