/**
 * The parts the event log's vocabulary (`audit-actions.ts`) is written with: references to records,
 * the row a sentence is made from, and small helpers for sentences. The actions themselves are in
 * `audit-actions/*.ts`, one file per area.
 */
/** The kinds of record a sentence may refer to (each resolved to a name and, where there is one, a page). */
export type RecordKind = 'person' | 'school' | 'activity' | 'event' | 'hub' | 'claim' | 'local_authority';

/** A reference to a record in a sentence: resolved to its name (or `fallback`) when the log is shown. */
export interface RecordRef {
  kind: RecordKind;
  id: string | number | null | undefined;
  /** Shown when the record is not (or no longer) there, e.g. "a school". */
  fallback: string;
}

export type SentencePart = string | RecordRef;

/** What a sentence is made from: the row as logged (older rows may miss fields, hence `Partial`). */
export interface LoggedRow<P> {
  /** Who made the change: a reference to the person, or the label of the system or the command line. */
  actor: SentencePart;
  subjectId: string;
  hubId: number | null;
  changes: Partial<P>;
}

export interface ActionDefinition<S extends string = string, P = unknown> {
  subjectType: S;
  /** The action as offered in the log's filter, e.g. "Activities: school withdrawn". */
  label: string;
  sentence: (row: LoggedRow<P>) => SentencePart[];
}

export const ref =
  (kind: RecordKind, fallback: string) =>
  (id: string | number | null | undefined): RecordRef => ({ kind, id, fallback });
export const personRef = ref('person', 'a person');
export const schoolRef = ref('school', 'a school');
export const activityRef = ref('activity', 'an activity');
export const eventRef = ref('event', 'an event');
export const hubRef = ref('hub', 'a hub');
export const claimRef = ref('claim', 'a claim');
export const laRef = ref('local_authority', 'a local authority');

/** The payload of an action with nothing recorded but the subject. */
export type Nothing = Record<string, never>;
/** Fields as they were changed: `{ field: [before, after] }` or the fields a record was made with. */
export type Fields = Record<string, unknown>;
export type Change<T> = [T | null, T];

export const define = <S extends string, P>(
  subjectType: S,
  label: string,
  sentence: (row: LoggedRow<P>) => SentencePart[],
): ActionDefinition<S, P> => ({ subjectType, label, sentence });

export const plural = (n: unknown, one: string, many = `${one}s`) =>
  `${Number(n ?? 0)} ${Number(n) === 1 ? one : many}`;
export const quoted = (text: unknown) => (text ? ` “${String(text)}”` : '');
export const after = <T>(change: Change<T> | T | undefined): T | undefined =>
  Array.isArray(change) ? (change[1] as T) : (change as T | undefined);
export const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);

export const roleNames: Record<string, string> = {
  national_admin: 'national administrator',
  national_analyst: 'national analyst',
  hub_leadership: 'hub leadership',
  llme: 'LLME',
  intensive_support_partner: 'Intensive Support Partner',
  ncp_project_lead: 'NCP Project Lead',
  ncp_coordination: 'NCP Coordination Team',
  la_partner: 'local authority partner',
  participant: 'participant',
  school_contact: 'school contact',
};
export const roleName = (role: unknown) => roleNames[String(role)] ?? String(role ?? 'a');

export interface Enrolment {
  activityId: number;
  personId: number;
  continuesEnrolmentId?: number;
  [detail: string]: unknown;
}
export interface RoleChange {
  assignmentId: number;
  role: string;
  title?: string | null;
  hubId: number | null;
  schoolUrn: number | null;
  /** An NCP role's NCP key ('09') and a local authority partner's LA code (migration 0041). */
  ncpKey?: string | null;
  laCode?: string | null;
  [logged: string]: unknown;
}
export interface DeliveryImport {
  kind: string;
  fileName: string;
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  hubs: unknown[];
  [more: string]: unknown;
}
export interface SchoolLink {
  linkedUrn: Change<number>;
  linkType: Change<string>;
  linkName?: Change<string>;
  establishedOn?: Change<string>;
}
export interface GrantRules {
  year: string;
  ncpCode: string;
  rules: unknown;
}

export const imported =
  (what: string) =>
  ({ actor, changes: c }: LoggedRow<DeliveryImport>): SentencePart[] => [
    actor,
    ` imported ${what} from ${c.fileName ?? 'a file'}: ${plural(c.rows, 'row')}, ${Number(c.added ?? 0)} added, ${Number(c.updated ?? 0)} changed`,
  ];
export const claimDecided =
  (verb: string) =>
  ({ actor, subjectId }: LoggedRow<{ status: Change<string> }>): SentencePart[] => [
    actor,
    ` ${verb} `,
    claimRef(subjectId),
  ];
export const activityStatus =
  (verb: string) =>
  ({ actor, subjectId }: LoggedRow<Fields>): SentencePart[] => [actor, ` ${verb} `, activityRef(subjectId)];

/** Every action, by name. Names are `subject.verb` (the subject as a person would say it). */
