import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Observable } from 'rxjs';
import { requestStorage } from '../database/request-context';
import { GqlContext } from './gql-context';

/** Runs every resolver inside its request's context, so services reach the request transaction. */
@Injectable()
export class RequestScopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const ctx = GqlExecutionContext.create(context).getContext<GqlContext>();
    return new Observable((subscriber) => {
      const sub = requestStorage.run(ctx.request, () => next.handle().subscribe(subscriber));
      return () => sub.unsubscribe();
    });
  }
}
