import { Injectable } from '@nestjs/common';
import { AccessService, Actor, Subject } from '@access';
import { CITY_TIME_ZONE } from '@org';
import { AppConfig } from '@platform/config/app-config';
import { Db } from '@platform/database/db';
import { ConflictError, TooManyRequestsError } from '@platform/errors/domain-errors';
import { AuditAction, AuditEntity } from './audit.model';

/** The start of the tenant's day and the seconds until the next one, in its time zone. */
const TODAY = `with zone as (select ${CITY_TIME_ZONE} as tz),
  today as (select date_trunc('day', now() at time zone zone.tz) at time zone zone.tz as starts,
                   (date_trunc('day', now() at time zone zone.tz) + interval '1 day') at time zone zone.tz as ends from zone)`;

/**
 * One registration per person per city: registering someone already registered must say so (the
 * rule needs it), so the answer tells whether an identity number is registered in the city, even
 * at a station the caller cannot see. That makes it a look-up, and look-ups are kept in bounds:
 * each such hit leaves an audit record that stands although the refused mutation rolls back,
 * and an account that has had `DUPLICATE_REGISTRATION_DAILY_LIMIT` hits in a day registers no one
 * else until the next day (refused before the number is looked up, so the refusal tells nothing).
 */
@Injectable()
export class DuplicateRegistrations {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly config: AppConfig,
  ) {}

  /** Refuses any registration by an account that has used up today's duplicate hits. */
  async assertAllowed(actor: Actor): Promise<void> {
    const limit = this.config.DUPLICATE_REGISTRATION_DAILY_LIMIT;
    const [row] = await this.db.query<{ hits: number; retry: number }>(
      `${TODAY}
       select (select count(*)::int from audit_log a
                where a.tenant_id = app_tenant() and a.actor_id = $1 and a.action = $2 and a.at >= today.starts) as hits,
              greatest(1, ceil(extract(epoch from today.ends - now())))::int as retry
         from today`,
      [actor.id, AuditAction.DUPLICATE_REGISTRATION],
    );
    if (row.hits >= limit)
      throw new TooManyRequestsError(
        `You have tried to register ${row.hits} people already registered in the city today, the most allowed in a day (${limit}); registering resumes tomorrow`,
        row.retry,
      );
  }

  /**
   * The CONFLICT for a person already registered, recorded first: the audit record (at the node
   * where the caller tried, naming the existing record) is durable, so it stays after the rollback.
   * The answer points to the existing record only if the caller may read it, and never says where it is.
   */
  refuse(
    actor: Actor,
    subject: Subject,
    existing: Record<string, unknown> & { id: string },
    at: { entity: AuditEntity; path: string; message: string },
  ): ConflictError {
    const conflict = this.access.duplicate(actor, subject, existing, at.message);
    this.db.durable(
      `insert into audit_log (tenant_id, org_path, actor_id, action, entity, entity_id, detail)
       values (app_tenant(), $1::ltree, $2, $3, $4, $5, $6)`,
      [at.path, actor.id, AuditAction.DUPLICATE_REGISTRATION, at.entity, existing.id, { existingVisible: 'existingId' in conflict.extensions }],
    );
    return conflict;
  }
}
