import { maskIdentityNumber, maskName } from '@platform/personal-data/identity-number';
import { RequestContext } from '@platform/database/request-context';
import type { Actor } from '../actor';
import type { Action } from '../permissions';
import { PrivacyOwner, Reveal } from './personal-data';

/** What a caller gets of one field: the value, its masked form, or nothing. */
export type Decision = 'full' | 'masked' | 'none';

/** One read of narrative or of a full identity number, written to the audit trail when the request commits. */
export interface AuditRead {
  actorId: string;
  action: 'READ_NARRATIVE' | 'READ_ID_NUMBER';
  entity: string;
  entityId: string;
  path: string;
}

/**
 * Notes a read for the audit trail, written in one statement just before the request commits,
 * once per record and kind however often it was read.
 */
export function noteAuditRead(request: RequestContext, read: AuditRead): void {
  // A record this request has just written (its change already audited) is not read by echoing it back.
  if (changedInRequest(request).has(read.entityId)) return;
  const reads = request.local('audit.reads', () => new Map<string, AuditRead>());
  reads.set(`${read.action}:${read.entityId}`, read);
  request.beforeCommit('audit.reads', async () => {
    const rows = [...reads.values()];
    if (!rows.length) return;
    await request.query(
      `insert into audit_log (tenant_id, org_path, actor_id, action, entity, entity_id)
       select app_tenant(), r.path::ltree, r.actor_id, r.action, r.entity, r.entity_id
         from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::uuid[]) as r(path, actor_id, action, entity, entity_id)`,
      [rows.map((r) => r.path), rows.map((r) => r.actorId), rows.map((r) => r.action), rows.map((r) => r.entity), rows.map((r) => r.entityId)],
    );
  });
}

/** The records a request has changed, each change audited: echoing them back in its answer is no read. */
export function changedInRequest(request: RequestContext): Set<string> {
  return request.local('audit.changed', () => new Set<string>());
}

/** Decisions already taken per owner record (lists repeat the same owner for many fields). */
const decided = new WeakMap<object, { actor: Actor; byAction: Map<Action, boolean> }>();

function can(actor: Actor, action: Action, owner: PrivacyOwner): boolean {
  let entry = decided.get(owner.record);
  if (!entry || entry.actor !== actor) {
    entry = { actor, byAction: new Map() };
    decided.set(owner.record, entry);
  }
  let allowed = entry.byAction.get(action);
  if (allowed === undefined) {
    allowed = actor.can(action, owner.subject, owner.record);
    entry.byAction.set(action, allowed);
  }
  return allowed;
}

/**
 * The one place that applies the role rule to personal data. Without a caller or an owner (a
 * programming slip), it reveals nothing: names masked, everything else absent.
 */
export const Revealer = {
  decide(actor: Actor | undefined, owner: PrivacyOwner | undefined, kind: Reveal): Decision {
    if (!actor || !owner) return kind === Reveal.NAME ? 'masked' : 'none';
    switch (kind) {
      case Reveal.NAME:
        return can(actor, 'readPersonalDetails', owner) ? 'full' : 'masked';
      case Reveal.DETAIL:
        return can(actor, 'readPersonalDetails', owner) ? 'full' : 'none';
      case Reveal.ID_NUMBER:
        return can(actor, 'readPersonalId', owner) ? 'full' : can(actor, 'readMaskedPersonalId', owner) ? 'masked' : 'none';
      case Reveal.NARRATIVE:
        return can(actor, 'readNarrative', owner) ? 'full' : 'none';
    }
  },

  /** The masked form of a value the caller may not see in full. */
  mask(kind: Reveal, value: unknown): unknown {
    if (value === null || value === undefined) return value;
    if (kind === Reveal.NAME) return maskName(String(value));
    if (kind === Reveal.ID_NUMBER) return maskIdentityNumber(String(value));
    return null;
  },

  /** Writes the audit record a full reveal calls for (narrative and identity numbers); nothing for an empty value. */
  audited(request: RequestContext, actor: Actor, owner: PrivacyOwner, kind: Reveal, value: unknown): void {
    if (kind !== Reveal.NARRATIVE && kind !== Reveal.ID_NUMBER) return;
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
    if (!owner.audit) throw new Error(`${owner.subject} reveals ${kind} without an audit entity`);
    noteAuditRead(request, {
      actorId: actor.id,
      action: kind === Reveal.NARRATIVE ? 'READ_NARRATIVE' : 'READ_ID_NUMBER',
      entity: owner.audit,
      entityId: owner.auditId ?? owner.record.id,
      path: owner.record.path,
    });
  },

  /**
   * A value as this caller may see it, for output that is not GraphQL (CSV and Excel files):
   * the same decision, mask and audit as the schema applies. `absent` is what "nothing" is.
   */
  value<T>(request: RequestContext, actor: Actor, owner: PrivacyOwner, kind: Reveal, raw: T, absent: T | null = null): T | string | null {
    const decision = Revealer.decide(actor, owner, kind);
    if (decision === 'none') return absent;
    if (decision === 'masked') return Revealer.mask(kind, raw) as string | null;
    Revealer.audited(request, actor, owner, kind, raw);
    return raw;
  },
};
