import { defaultFieldResolver, getNamedType, GraphQLField, GraphQLFieldResolver, GraphQLSchema, isListType, isNonNullType, isObjectType } from 'graphql';
import type { GqlContext } from '@platform/graphql/gql-context';
import type { Actor } from '../actor';
import { givenOwnerOf, ownedBy, PersonalTypeSpec, personalTypeOf, personalTypes, PrivacyOwner, Reveal } from './personal-data';
import type { RequestContext } from '@platform/database/request-context';
import { Revealer } from './revealer';

type Context = GqlContext & { actor?: Actor | null };
type Resolver = GraphQLFieldResolver<unknown, Context>;

function then<T>(value: T | Promise<T>, next: (v: T) => unknown): unknown {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Owners already worked out, per object: every marked field of an object asks for it. */
const owners = new WeakMap<object, PrivacyOwner | undefined>();

/** The owner whose rules decide an object's personal fields: its own record, else the one it was given or inherited. */
export function ownerOf(value: unknown, spec: PersonalTypeSpec): PrivacyOwner | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (owners.has(value)) return owners.get(value);
  const owner = (spec.owner as ((v: unknown) => PrivacyOwner | undefined) | undefined)?.(value) ?? givenOwnerOf(value);
  // An inherited owner may be given later in the request (see the propagation below): keep only a found one.
  if (owner) owners.set(value, owner);
  return owner;
}

/** What a field answers when the caller may see nothing of it: an empty list for a required list, else null. */
function absentValue(field: GraphQLField<unknown, unknown>): [] | null {
  const type = isNonNullType(field.type) ? field.type.ofType : field.type;
  return isNonNullType(field.type) && isListType(type) ? [] : null;
}

function assertRevealable(typeName: string, field: GraphQLField<unknown, unknown>, kind: Reveal): void {
  if (!isNonNullType(field.type)) return;
  if (isListType(field.type.ofType)) return;
  if (kind === Reveal.NAME) return;
  throw new Error(`${typeName}.${field.name} is marked ${kind} but declared non-null: the caller who may not see it must get null`);
}

/**
 * Applies the personal-data marks to the built schema: each marked field resolves through the
 * Revealer (decided before the field's own resolver runs, so nothing is loaded for a caller who
 * may not see it), and objects of types that inherit their owner are given the owner of the object
 * they are reached from. Only marked fields and fields leading to owner-less personal types are
 * wrapped; every other field keeps its resolver untouched.
 */
export function applyPersonalData(schema: GraphQLSchema): GraphQLSchema {
  const specs = new Map(personalTypes().map((s) => [s.typeName, s]));
  for (const spec of specs.values()) {
    const type = schema.getType(spec.typeName);
    if (!isObjectType(type)) throw new Error(`@PersonalData type ${spec.typeName} is not an object type of the schema`);
    const fields = type.getFields();
    for (const name of [...spec.fields.keys(), ...spec.plain]) {
      if (!fields[name]) throw new Error(`${spec.typeName}.${name} is marked but is not a field of the schema`);
    }
  }

  // First: objects of owner-less personal types inherit the owner of the object they are reached from.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const parent = specs.get(type.name);
    if (!parent) continue;
    for (const field of Object.values(type.getFields())) {
      const child = specs.get(getNamedType(field.type).name);
      if (!child || child.owner) continue;
      const inner = (field.resolve ?? defaultFieldResolver) as Resolver;
      field.resolve = ((source, args, context, info) =>
        then(inner(source, args, context, info), (value) => {
          const owner = ownerOf(source, parent);
          if (owner)
            for (const item of Array.isArray(value) ? value : [value]) if (item && typeof item === 'object' && !givenOwnerOf(item)) ownedBy(item, owner);
          return value;
        })) satisfies Resolver;
    }
  }

  // Then: each marked field answers as the Revealer decides.
  for (const spec of specs.values()) {
    const type = schema.getType(spec.typeName);
    if (!isObjectType(type)) continue;
    for (const [name, kind] of spec.fields) {
      const field = type.getFields()[name];
      assertRevealable(spec.typeName, field, kind);
      const absent = absentValue(field);
      const inner = (field.resolve ?? defaultFieldResolver) as Resolver;
      const personalIf = spec.conditions.get(name) as ((self: unknown) => boolean) | undefined;
      field.resolve = ((source, args, context, info) => {
        if (personalIf && !personalIf(source)) return inner(source, args, context, info);
        const owner = ownerOf(source, spec);
        const actor = context.actor ?? undefined;
        const decision = Revealer.decide(actor, owner, kind);
        if (decision === 'none') return absent;
        return then(inner(source, args, context, info), (value) => {
          if (decision === 'masked') return Revealer.mask(kind, value);
          Revealer.audited(context.request, actor!, owner!, kind, value);
          return value;
        });
      }) satisfies Resolver;
    }
  }
  return schema;
}

/**
 * A marked field of an object as this caller may see it, for files (CSV, Excel): the same mark,
 * owner, decision, mask and audit as the schema applies to the field.
 */
export function revealedField<T extends object, K extends keyof T & string>(
  request: RequestContext,
  actor: Actor,
  type: new () => T,
  value: T,
  field: K,
): T[K] | string | null {
  const spec = personalTypeOf(type);
  const kind = spec?.fields.get(field);
  if (!spec || !kind) throw new Error(`${type.name}.${field} is not a marked personal field`);
  const owner = ownerOf(value, spec);
  const decision = Revealer.decide(actor, owner, kind);
  if (decision === 'none') return null;
  if (decision === 'masked') return Revealer.mask(kind, value[field]) as string | null;
  Revealer.audited(request, actor, owner!, kind, value[field]);
  return value[field];
}
