import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { OrgUnitService } from '@org';
import { IdArg } from '@platform/graphql/id-arg';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { CommentFilter, CommentInput, NewCommentInput, SupervisionComment, SupervisionCommentPage } from './supervision.model';
import { SupervisionService } from './supervision.service';

@Resolver(() => SupervisionComment)
export class SupervisionResolver {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly orgUnits: OrgUnitService,
  ) {}

  @Allow('read', 'SupervisionComment')
  @Query(() => SupervisionCommentPage, {
    complexity: pagedComplexity,
    description: 'Supervision comments: a station’s for its head and supervisors, a worker’s own cases for the worker',
  })
  async supervisionComments(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: CommentFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    const root = filter?.rootId ? await this.orgUnits.get(actor, filter.rootId) : undefined;
    return this.supervision.list(actor, filter, page, root?.path);
  }

  @Allow('read', 'SupervisionComment')
  @Query(() => SupervisionCommentPage, { complexity: pagedComplexity, description: 'Unresolved supervision threads on your own cases' })
  myOpenSupervisionComments(@CurrentActor() actor: Actor, @Args('page', { nullable: true }) page?: PageInput) {
    return this.supervision.list(actor, { workerId: actor.id, openOnly: true }, page);
  }

  @Allow('create', 'SupervisionComment')
  @Mutation(() => SupervisionComment, { description: 'Comment on a case file or one of its notes (supervisors, station heads)' })
  addSupervisionComment(@CurrentActor() actor: Actor, @IdArg('caseId') caseId: string, @Args('input') input: NewCommentInput): Promise<SupervisionComment> {
    return this.supervision.comment(actor, caseId, input.body, input.noteId);
  }

  @Allow('create', 'SupervisionComment')
  @Mutation(() => SupervisionComment, { description: 'Answer in a comment’s thread (the case’s worker, supervisors, station heads)' })
  replyToSupervisionComment(
    @CurrentActor() actor: Actor,
    @IdArg('commentId') commentId: string,
    @Args('input') input: CommentInput,
  ): Promise<SupervisionComment> {
    return this.supervision.reply(actor, commentId, input.body);
  }

  @Allow('update', 'SupervisionComment')
  @Mutation(() => SupervisionComment, { description: 'Mark a thread resolved (its supervisor or the station head)' })
  resolveSupervisionComment(@CurrentActor() actor: Actor, @IdArg('commentId') commentId: string): Promise<SupervisionComment> {
    return this.supervision.resolve(actor, commentId);
  }
}
