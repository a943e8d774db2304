import { Narrative, PersonalData } from '@access';
import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Paginated } from '@platform/graphql/pagination';
import { Trim } from '@platform/graphql/trim';

@PersonalData<SupervisionComment>({
  owner: (m) => ({
    subject: 'SupervisionComment',
    record: { id: m.id, path: m.path, caseWorkerId: m.caseWorkerId, authorId: m.authorId },
    audit: 'CASE_FILE',
    auditId: m.caseId,
  }),
})
@ObjectType({ description: 'A supervisor’s comment (督导意见) on a case or one of its notes, or a reply in its thread' })
export class SupervisionComment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => ID, { nullable: true, description: 'The progress note commented on, if any' })
  noteId: string | null;

  @Field(() => ID, { nullable: true, description: 'The comment this replies to' })
  parentId: string | null;

  @Field(() => ID)
  authorId: string;

  @Narrative()
  body: string | null;

  @Field()
  resolved: boolean;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Field()
  createdAt: Date;

  path: string;
  caseWorkerId: string;
}

export const SupervisionCommentPage = Paginated(SupervisionComment, 'SupervisionCommentPage');

@InputType()
export class CommentInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(4000)
  body: string;
}

@InputType()
export class NewCommentInput extends CommentInput {
  @Field(() => ID, { nullable: true, description: 'Comment on this progress note of the case' })
  @IsOptional()
  @IsUUID()
  noteId?: string;
}

@InputType()
export class CommentFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @Field(() => ID, { nullable: true, description: 'Comments on cases of this worker' })
  @IsOptional()
  @IsUUID()
  workerId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @Field({ nullable: true, description: 'Only unresolved comments that start a thread' })
  @IsOptional()
  @IsBoolean()
  openOnly?: boolean;
}
