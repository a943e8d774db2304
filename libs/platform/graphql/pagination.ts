import { Type } from '@nestjs/common';
import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

@InputType({ description: 'A window onto a list: skip `offset` items, return at most `limit` (1–100).' })
export class PageInput {
  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  offset = 0;

  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export function pageOf(page?: PageInput): { offset: number; limit: number } {
  return { offset: page?.offset ?? 0, limit: page?.limit ?? 20 };
}

/** `{ items, total }` for an item type; `total` counts every match, not just this page. */
export function Paginated<T>(item: Type<T>, name: string): Type<Page<T>> {
  @ObjectType(name, { isAbstract: false })
  class PageType implements Page<T> {
    @Field(() => [item])
    items: T[];

    @Field(() => Int)
    total: number;
  }
  return PageType;
}
