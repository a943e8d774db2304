import { ComplexityEstimatorArgs } from '@nestjs/graphql';

/** A paged list costs its items' cost once per item it may return. */
export function pagedComplexity({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const limit = Number(args?.page?.limit ?? 20);
  return 1 + childComplexity * Math.max(1, Math.min(limit, 100));
}
