import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { IdArg } from '@platform/graphql/id-arg';
import { CatalogField, CatalogFieldInput, CatalogItem, CatalogItemInput, CatalogItemUpdateInput } from './catalog.model';
import { CatalogService } from './catalog.service';

@Resolver()
export class CatalogResolver {
  constructor(private readonly catalogService: CatalogService) {}

  @Allow('read', 'ServiceCatalog')
  @Query(() => [CatalogField], { description: 'The city’s service catalog: fields and their items' })
  serviceCatalog(): Promise<CatalogField[]> {
    return this.catalogService.catalog();
  }

  @Allow('update', 'ServiceCatalog')
  @Mutation(() => CatalogField)
  addCatalogField(@CurrentActor() actor: Actor, @Args('input') input: CatalogFieldInput): Promise<CatalogField> {
    return this.catalogService.addField(actor, input);
  }

  @Allow('update', 'ServiceCatalog')
  @Mutation(() => CatalogItem)
  addCatalogItem(@CurrentActor() actor: Actor, @Args('input') input: CatalogItemInput): Promise<CatalogItem> {
    return this.catalogService.addItem(actor, input);
  }

  @Allow('update', 'ServiceCatalog')
  @Mutation(() => CatalogItem, { description: 'Rename an item, or retire it (active: false)' })
  updateCatalogItem(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: CatalogItemUpdateInput): Promise<CatalogItem> {
    return this.catalogService.updateItem(actor, id, input);
  }
}
