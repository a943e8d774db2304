import { Injectable } from '@nestjs/common';
import { ConflictError, ForbiddenError, NotFoundError } from '@platform/errors/domain-errors';
import { Actor } from './actor';
import { Action, Subject } from './permissions';

/** Record-level checks: outside the actor's reach answers NOT_FOUND; visible but not allowed, FORBIDDEN. */
@Injectable()
export class AccessService {
  assert(actor: Actor, action: Action, subject: Subject, record: Record<string, unknown> & { id?: string }): void {
    if (actor.can(action, subject, record)) return;
    if (action !== 'read' && actor.can('read', subject, record)) throw new ForbiddenError();
    throw new NotFoundError(subject, record.id);
  }

  /**
   * The CONFLICT for registering a person again (one registration per city): one message either
   * way, which says the person is registered in the city but not where; it points to the first
   * record (`existingId`) only if the actor may read it.
   */
  duplicate(actor: Actor, subject: Subject, existing: Record<string, unknown> & { id: string }, message: string): ConflictError {
    return actor.can('read', subject, existing)
      ? new ConflictError(message, { field: 'idNumber', existingId: existing.id })
      : new ConflictError(message, { field: 'idNumber' });
  }

  /** For records the caller has already loaded: throws NOT_FOUND if the actor may not even read it. */
  assertVisible(actor: Actor, subject: Subject, record: Record<string, unknown> & { id?: string }): void {
    this.assert(actor, 'read', subject, record);
  }
}
