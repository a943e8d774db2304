import { Field, FieldOptions, ReturnTypeFunc } from '@nestjs/graphql';
import type { Subject } from '../permissions';

/**
 * How a field that carries personal data is revealed. The role rule behind each lives in
 * permissions.ts (the actions named here); the one place that applies it is the Revealer.
 */
export enum Reveal {
  /** A person's name: in full where the role may `readPersonalDetails`, masked (王**) elsewhere. */
  NAME = 'NAME',
  /** Contact details and other particulars (phone, address, birth date, photos, certificate numbers): in full where the role may `readPersonalDetails`, absent elsewhere. */
  DETAIL = 'DETAIL',
  /** An identity number: in full where the role may `readPersonalId` (each read audited), masked where it may `readMaskedPersonalId`, absent elsewhere. */
  ID_NUMBER = 'ID_NUMBER',
  /** Free text written about a person or a session: where the role may `readNarrative` (each read audited), absent elsewhere. */
  NARRATIVE = 'NARRATIVE',
}

/** The record whose access rules decide what a caller sees of an object's personal fields. */
export interface PrivacyOwner {
  subject: Subject;
  /** What the CASL conditions read: the record's `path`, and e.g. `workerId`, `responsibleWorkerIds`. */
  record: { id: string; path: string; [condition: string]: unknown };
  /** The audit entity a reveal of narrative or of a full identity number is written under. */
  audit?: string;
  /** The record the audit entry names, when not `record.id` (a comment's reads are its case's). */
  auditId?: string;
}

export interface PersonalTypeSpec {
  /** The owner of an object of this type; absent (or returning undefined) when it belongs to the object it is reached from. */
  owner?: (self: never) => PrivacyOwner | undefined;
  /** String fields of this type decided not to carry personal data (organization names, category codes…). */
  plain: Set<string>;
  /** The marked fields and how each is revealed. */
  fields: Map<string, Reveal>;
  /** Fields personal only for some objects (a donor's name when the donor is a person). */
  conditions: Map<string, (self: never) => boolean>;
  /** The GraphQL type name (the class name unless given). */
  typeName: string;
}

/** A declared output class, by its constructor (decorators see nothing more precise). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any class may be declared
type DeclaredClass = Function;

const specs = new Map<DeclaredClass, PersonalTypeSpec>();

function specOf(target: DeclaredClass): PersonalTypeSpec {
  let spec = specs.get(target);
  if (!spec) {
    spec = { plain: new Set(), fields: new Map(), conditions: new Map(), typeName: target.name };
    specs.set(target, spec);
  }
  return spec;
}

/** The spec of one declared type (for output that is not GraphQL: files). */
export function personalTypeOf(target: DeclaredClass): PersonalTypeSpec | undefined {
  return specs.get(target);
}

/** Every type declared to carry personal data, with its marked fields. */
export function personalTypes(): readonly PersonalTypeSpec[] {
  return [...specs.values()];
}

/**
 * Declares an output type that carries a person's data. With `owner`, the type's own record
 * decides (a service object, a visit); without, an object of this type belongs to the object it
 * was reached from (an emergency contact, a case's goal), or to the owner a service gave it with
 * `ownedBy`. `plain` lists the String fields decided not to be personal: the schema test refuses
 * any String field of such a type that is neither marked nor listed.
 */
export function PersonalData<T>(
  options: { owner?: (self: T) => PrivacyOwner | undefined; plain?: (keyof T & string)[]; typeName?: string } = {},
): ClassDecorator {
  return (target) => {
    const spec = specOf(target);
    if (options.owner) spec.owner = options.owner as PersonalTypeSpec['owner'];
    for (const f of options.plain ?? []) spec.plain.add(f);
    if (options.typeName) spec.typeName = options.typeName;
  };
}

/**
 * A GraphQL field carrying personal data, revealed as `kind` says. Use it instead of `@Field`
 * (also for a field a resolver computes: declare the property here, resolve it there).
 */
export function Personal<T = never>(
  kind: Reveal,
  typeFunc: ReturnTypeFunc,
  options: FieldOptions & { personalIf?: (self: T) => boolean } = {},
): PropertyDecorator {
  const { personalIf, ...fieldOptions } = options;
  return (target, key) => {
    Field(typeFunc, fieldOptions)(target, key);
    const spec = specOf(target.constructor);
    spec.fields.set(String(key), kind);
    if (personalIf) spec.conditions.set(String(key), personalIf as (self: never) => boolean);
  };
}

/** Free text about a person or a session (see Reveal.NARRATIVE). */
export const Narrative = (options: FieldOptions = {}): PropertyDecorator => Personal(Reveal.NARRATIVE, () => String, { nullable: true, ...options });

/** Owners given by services to objects that reach the API without a parent to inherit from (a mutation's result). */
const givenOwners = new WeakMap<object, PrivacyOwner>();

/** Gives objects (e.g. a new case note returned by a mutation) the owner whose rules decide their personal fields. */
export function ownedBy<T extends object>(value: T, owner: PrivacyOwner): T {
  givenOwners.set(value, owner);
  return value;
}

export function givenOwnerOf(value: object): PrivacyOwner | undefined {
  return givenOwners.get(value);
}
