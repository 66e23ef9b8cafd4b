/**
 * The event log's vocabulary: every action a change may be recorded as, closed and typed. Each action
 * names the kind of record it is about (its subject type), what it records (its payload: the row's
 * `changes`) and a sentence a person can read ("Sam Patel withdrew Acorndale Primary School from
 * Developing Mastery WG 3: moved away").
 *
 * The log keeps ids, never names: a sentence is made of text and references to records (a person, a
 * school, an activity, an event, a hub…) that the event log page resolves, a page at a time with one
 * query per kind, into names and links. `recordEvent` accepts only these actions with their payloads,
 * so a new kind of change starts here.
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

const ref =
  (kind: RecordKind, fallback: string) =>
  (id: string | number | null | undefined): RecordRef => ({ kind, id, fallback });
export const personRef = ref('person', 'a person');
export const schoolRef = ref('school', 'a school');
export const activityRef = ref('activity', 'an activity');
export const eventRef = ref('event', 'an event');
export const hubRef = ref('hub', 'a hub');
const claimRef = ref('claim', 'a claim');
const laRef = ref('local_authority', 'a local authority');

/** The payload of an action with nothing recorded but the subject. */
type Nothing = Record<string, never>;
/** Fields as they were changed: `{ field: [before, after] }` or the fields a record was made with. */
type Fields = Record<string, unknown>;
type Change<T> = [T | null, T];

const define = <S extends string, P>(
  subjectType: S,
  label: string,
  sentence: (row: LoggedRow<P>) => SentencePart[],
): ActionDefinition<S, P> => ({ subjectType, label, sentence });

const plural = (n: unknown, one: string, many = `${one}s`) =>
  `${Number(n ?? 0)} ${Number(n) === 1 ? one : many}`;
const quoted = (text: unknown) => (text ? ` “${String(text)}”` : '');
const after = <T>(change: Change<T> | T | undefined): T | undefined =>
  Array.isArray(change) ? (change[1] as T) : (change as T | undefined);
const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);

const roleNames: Record<string, string> = {
  national_admin: 'national administrator',
  national_analyst: 'national analyst',
  hub_leadership: 'hub leadership',
  llme: 'LLME',
  participant: 'participant',
  school_contact: 'school contact',
};
const roleName = (role: unknown) => roleNames[String(role)] ?? String(role ?? 'a');

interface Enrolment {
  activityId: number;
  personId: number;
  continuesEnrolmentId?: number;
  [detail: string]: unknown;
}
interface RoleChange {
  assignmentId: number;
  role: string;
  title?: string | null;
  hubId: number | null;
  schoolUrn: number | null;
  [logged: string]: unknown;
}
interface DeliveryImport {
  kind: string;
  fileName: string;
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  hubs: unknown[];
  [more: string]: unknown;
}
interface SchoolLink {
  linkedUrn: Change<number>;
  linkType: Change<string>;
  linkName?: Change<string>;
  establishedOn?: Change<string>;
}
interface GrantRules {
  year: string;
  ncpCode: string;
  rules: unknown;
}

const imported =
  (what: string) =>
  ({ actor, changes: c }: LoggedRow<DeliveryImport>): SentencePart[] => [
    actor,
    ` imported ${what} from ${c.fileName ?? 'a file'}: ${plural(c.rows, 'row')}, ${Number(c.added ?? 0)} added, ${Number(c.updated ?? 0)} changed`,
  ];
const claimDecided =
  (verb: string) =>
  ({ actor, subjectId }: LoggedRow<{ status: Change<string> }>): SentencePart[] => [
    actor,
    ` ${verb} `,
    claimRef(subjectId),
  ];
const activityStatus =
  (verb: string) =>
  ({ actor, subjectId }: LoggedRow<Fields>): SentencePart[] => [actor, ` ${verb} `, activityRef(subjectId)];

/** Every action, by name. Names are `subject.verb` (the subject as a person would say it). */
export const auditActions = {
  // Hubs and local authorities
  'hub.created': define('hub', 'Hubs: created', (r: LoggedRow<Fields>) => [
    r.actor,
    ' created the hub ',
    hubRef(r.subjectId),
  ]),
  'hub.updated': define('hub', 'Hubs: changed', (r: LoggedRow<Fields>) => [
    r.actor,
    ' changed the details of ',
    hubRef(r.subjectId),
  ]),
  'hub.areas_replaced': define(
    'hub',
    'Hubs: areas replaced from a file',
    (r: LoggedRow<{ added: unknown; removed: unknown; changed: unknown }>) => [
      r.actor,
      ' replaced the areas of ',
      hubRef(r.subjectId),
      ` from a file (${count(r.changes.added)} added, ${count(r.changes.removed)} removed)`,
    ],
  ),
  'hub.area_added': define(
    'hub',
    'Hubs: area added',
    (
      r: LoggedRow<{
        area: { laCode: string; laName: string; districtCode: string | null; districtName: string | null };
      }>,
    ) => [
      r.actor,
      ` added ${r.changes.area?.districtName ?? r.changes.area?.laName ?? 'an area'} to the area of `,
      hubRef(r.subjectId),
    ],
  ),
  'hub.area_removed': define('hub', 'Hubs: area removed', (r: LoggedRow<{ area: unknown }>) => [
    r.actor,
    ' removed an area from ',
    hubRef(r.subjectId),
  ]),
  'local_authority.created': define('local_authority', 'Local authorities: added', (r: LoggedRow<Fields>) => [
    r.actor,
    ' added the local authority ',
    laRef(r.subjectId),
  ]),
  'local_authority.updated': define(
    'local_authority',
    'Local authorities: changed',
    (r: LoggedRow<Fields>) => [r.actor, ' changed the details of ', laRef(r.subjectId)],
  ),

  // Schools
  'school.added': define('school', 'Schools: added from GIAS', (r: LoggedRow<Fields>) => [
    r.actor,
    ' added ',
    schoolRef(r.subjectId),
    ' to the register',
  ]),
  'school.updated': define('school', 'Schools: changed by GIAS', (r: LoggedRow<Fields>) => [
    r.actor,
    ' updated ',
    schoolRef(r.subjectId),
    ' from GIAS',
  ]),
  'school.closed': define('school', 'Schools: closed', (r: LoggedRow<Fields>) => [
    r.actor,
    ' recorded that ',
    schoolRef(r.subjectId),
    ' has closed',
  ]),
  'school.link_added': define('school', 'Schools: link added', (r: LoggedRow<SchoolLink>) => [
    r.actor,
    ' linked ',
    schoolRef(r.subjectId),
    ' to ',
    schoolRef(after(r.changes.linkedUrn)),
  ]),
  'school.link_updated': define('school', 'Schools: link changed', (r: LoggedRow<SchoolLink>) => [
    r.actor,
    ' changed the link from ',
    schoolRef(r.subjectId),
    ' to ',
    schoolRef(after(r.changes.linkedUrn)),
  ]),
  'register.imported': define('register_import', 'Schools: register imported', (r: LoggedRow<Fields>) => [
    r.actor,
    ` imported the register of schools (${Number(r.changes.added ?? 0)} added, ${Number(r.changes.updated ?? 0)} changed)`,
  ]),

  // People, roles and accounts
  'person.created': define('person', 'People: added', (r: LoggedRow<Nothing>) => [
    r.actor,
    ' added ',
    personRef(r.subjectId),
  ]),
  'person.created_in_bulk': define(
    'person',
    'People: added together',
    (r: LoggedRow<{ personIds: number[]; role: string; hubIds: number[] }>) => [
      r.actor,
      ` added ${plural(count(r.changes.personIds), 'person', 'people')} as ${roleName(r.changes.role)}s`,
    ],
  ),
  'person.details_corrected': define(
    'person',
    'People: details corrected',
    (r: LoggedRow<{ fields: unknown }>) => [r.actor, ' corrected the details of ', personRef(r.subjectId)],
  ),
  'person.school_changed': define(
    'person',
    'People: school changed',
    (r: LoggedRow<{ schoolUrn: Change<number> }>) => [
      r.actor,
      ' moved ',
      personRef(r.subjectId),
      ' to ',
      schoolRef(after(r.changes.schoolUrn)),
    ],
  ),
  'person.merged': define(
    'person',
    'People: merged',
    (r: LoggedRow<{ keptPersonId: number; mergedPersonId: number } & Fields>) => [
      r.actor,
      ' merged ',
      personRef(r.changes.mergedPersonId),
      ' into ',
      personRef(r.changes.keptPersonId ?? r.subjectId),
    ],
  ),
  'person.erased': define('person', 'People: erased', (r: LoggedRow<{ recordsChanged: unknown }>) => [
    r.actor,
    ' erased the personal data of ',
    personRef(r.subjectId),
  ]),
  'person.data_produced': define(
    'person',
    'People: their data produced',
    (r: LoggedRow<{ format: string }>) => [
      r.actor,
      ` produced the personal data of `,
      personRef(r.subjectId),
      r.changes.format ? ` (${r.changes.format})` : '',
    ],
  ),
  'person.signed_in': define('person', 'Accounts: signed in', (r: LoggedRow<{ method: string }>) => [
    personRef(r.subjectId),
    ' signed in',
    r.changes.method ? ` (${r.changes.method})` : '',
  ]),
  'person.signed_out': define('person', 'Accounts: signed out', (r: LoggedRow<Nothing>) => [
    r.actor,
    ' signed out',
  ]),
  'person.signed_out_everywhere': define(
    'person',
    'Accounts: signed out everywhere',
    (r: LoggedRow<{ sessionsEnded: number }>) => [
      r.actor,
      ' signed ',
      personRef(r.subjectId),
      ` out everywhere (${plural(r.changes.sessionsEnded, 'session')} ended)`,
    ],
  ),
  'person.password_set': define('person', 'Accounts: password set', (r: LoggedRow<Nothing>) => [
    personRef(r.subjectId),
    ' set a password',
  ]),
  'person.password_changed': define('person', 'Accounts: password changed', (r: LoggedRow<Nothing>) => [
    personRef(r.subjectId),
    ' changed their password',
  ]),
  'api_token.created': define(
    'api_token',
    'Accounts: API token created',
    (r: LoggedRow<{ name: string; personId: number }>) => [
      r.actor,
      ` created the API token${quoted(r.changes.name)} for `,
      personRef(r.changes.personId),
    ],
  ),
  'api_token.revoked': define(
    'api_token',
    'Accounts: API token revoked',
    (r: LoggedRow<{ name: string; personId: number }>) => [
      r.actor,
      ` revoked the API token${quoted(r.changes.name)} of `,
      personRef(r.changes.personId),
    ],
  ),
  'role.granted': define('person', 'Roles: given', (r: LoggedRow<RoleChange>) => [
    r.actor,
    ' made ',
    personRef(r.subjectId),
    ` ${roleName(r.changes.role)}`,
    ...(r.changes.hubId ? [' in ', hubRef(r.changes.hubId)] : []),
    ...(r.changes.schoolUrn ? [' at ', schoolRef(r.changes.schoolUrn)] : []),
  ]),
  'role.ended': define('person', 'Roles: ended', (r: LoggedRow<RoleChange>) => [
    r.actor,
    ` ended the ${roleName(r.changes.role)} role of `,
    personRef(r.subjectId),
    ...(r.changes.hubId ? [' in ', hubRef(r.changes.hubId)] : []),
  ]),
  'role.invited': define(
    'person',
    'Roles: invitation sent',
    (
      r: LoggedRow<{ invitationId: number; role: string; hubId: number | null; schoolUrn: number | null }>,
    ) => [
      r.actor,
      ' invited ',
      personRef(r.subjectId),
      ` to be ${roleName(r.changes.role)}`,
      ...(r.changes.hubId ? [' in ', hubRef(r.changes.hubId)] : []),
    ],
  ),
  'role.invitation_accepted': define(
    'person',
    'Roles: invitation accepted',
    (r: LoggedRow<{ invitationId: number }>) => [personRef(r.subjectId), ' accepted an invitation to a role'],
  ),
  'role.invitation_declined': define(
    'person',
    'Roles: invitation declined',
    (r: LoggedRow<{ invitationId: number }>) => [personRef(r.subjectId), ' declined an invitation to a role'],
  ),

  // Catalogue and grant rules
  'catalogue.loaded': define('catalogue', 'Catalogue: loaded', (r: LoggedRow<Fields>) => [
    r.actor,
    ` loaded the catalogue for ${r.subjectId}`,
  ]),
  'catalogue.copied': define(
    'catalogue',
    'Catalogue: copied forward',
    (r: LoggedRow<{ from: string; to: string; copied: number }>) => [
      r.actor,
      ` copied ${plural(r.changes.copied, 'programme')} from ${r.changes.from ?? 'a year'} to ${r.changes.to ?? r.subjectId}`,
    ],
  ),
  'ncp.added': define(
    'ncp',
    'Catalogue: programme added',
    (r: LoggedRow<{ year: string; code: string; title: string }>) => [
      r.actor,
      ` added the programme ${r.changes.code ?? ''}${quoted(r.changes.title)} to ${r.changes.year ?? 'the catalogue'}`,
    ],
  ),
  'ncp.updated': define('ncp', 'Catalogue: programme changed', (r: LoggedRow<Fields>) => [
    r.actor,
    ` changed the programme ${String(r.changes.code ?? r.subjectId)}${r.changes.year ? ` in ${String(r.changes.year)}` : ''}`,
  ]),
  'funding.rules_added': define(
    'grant_rule_set',
    'Funding: grant rules added',
    (r: LoggedRow<GrantRules>) => [
      r.actor,
      ` added the grant rules of ${r.changes.ncpCode ?? 'a programme'} for ${r.changes.year ?? 'a year'}`,
    ],
  ),
  'funding.rules_updated': define(
    'grant_rule_set',
    'Funding: grant rules changed',
    (r: LoggedRow<GrantRules>) => [
      r.actor,
      ` changed the grant rules of ${r.changes.ncpCode ?? 'a programme'} for ${r.changes.year ?? 'a year'}`,
    ],
  ),

  // Activities, schools and participants
  'activity.planned': define('hub_activity', 'Activities: planned', activityStatus('planned')),
  'activity.running': define('hub_activity', 'Activities: started', activityStatus('started')),
  'activity.completed': define('hub_activity', 'Activities: completed', activityStatus('completed')),
  'activity.cancelled': define('hub_activity', 'Activities: cancelled', activityStatus('cancelled')),
  'activity.updated': define('hub_activity', 'Activities: changed', (r: LoggedRow<Fields>) => [
    r.actor,
    ' changed the details of ',
    activityRef(r.subjectId),
  ]),
  'activity.session_added': define(
    'hub_activity',
    'Activities: session added',
    (r: LoggedRow<{ sessionId: number; kind: string; title: string | null; startsAt: string }>) => [
      r.actor,
      ` added a session${quoted(r.changes.title)} to `,
      activityRef(r.subjectId),
    ],
  ),
  'activity.lead_added': define(
    'hub_activity',
    'Activities: lead added',
    (r: LoggedRow<{ personId: number; title: string | null }>) => [
      r.actor,
      ' made ',
      personRef(r.changes.personId),
      ' a lead of ',
      activityRef(r.subjectId),
    ],
  ),
  'activity.school_added': define(
    'hub_activity',
    'Activities: school added',
    (r: LoggedRow<{ schoolUrn: number }>) => [
      r.actor,
      ' added ',
      schoolRef(r.changes.schoolUrn),
      ' to ',
      activityRef(r.subjectId),
    ],
  ),
  'activity.school_withdrawn': define(
    'hub_activity',
    'Activities: school withdrawn',
    (r: LoggedRow<{ schoolUrn: number; status: Change<string> }>) => [
      r.actor,
      ' withdrew ',
      schoolRef(r.changes.schoolUrn),
      ' from ',
      activityRef(r.subjectId),
    ],
  ),
  'activity.register_marked': define(
    'activity_session',
    'Activities: register marked',
    (r: LoggedRow<{ activityId: number; marks: Record<string, unknown> }>) => [
      r.actor,
      ` marked ${plural(Object.keys(r.changes.marks ?? {}).length, 'attendance')} on the register of `,
      activityRef(r.changes.activityId),
    ],
  ),
  'activity_school.registered': define(
    'hub_activity',
    'Activities: school registered',
    (r: LoggedRow<{ schoolUrn: number; commitmentStatement?: unknown }>) => [
      r.actor,
      ' registered ',
      schoolRef(r.changes.schoolUrn),
      ' for ',
      activityRef(r.subjectId),
    ],
  ),
  'activity_school.commitment_recorded': define(
    'hub_activity',
    'Activities: school’s commitment recorded',
    (r: LoggedRow<{ schoolUrn: number; commitmentStatement: unknown }>) => [
      r.actor,
      ' recorded the commitment of ',
      schoolRef(r.changes.schoolUrn),
      ' to ',
      activityRef(r.subjectId),
    ],
  ),
  'enrolment.registered': define('enrolment', 'Participants: registered', (r: LoggedRow<Enrolment>) => [
    r.actor,
    ' registered ',
    personRef(r.changes.personId),
    ' for ',
    activityRef(r.changes.activityId),
  ]),
  'enrolment.registered_again': define(
    'enrolment',
    'Participants: registered again',
    (r: LoggedRow<Enrolment>) => [
      r.actor,
      ' registered ',
      personRef(r.changes.personId),
      ' again for ',
      activityRef(r.changes.activityId),
    ],
  ),
  'enrolment.continuation_intended': define(
    'enrolment',
    'Participants: intend to continue',
    (r: LoggedRow<{ nextNcpCode: string; nextYearCode: string; personId: number }>) => [
      r.actor,
      ' recorded that ',
      personRef(r.changes.personId),
      ` intends to continue to ${r.changes.nextNcpCode ?? 'the next programme'} in ${r.changes.nextYearCode ?? 'the next year'}`,
    ],
  ),
  'enrolment.withdrawn': define(
    'enrolment',
    'Participants: withdrawn',
    (r: LoggedRow<{ activityId: number; personId: number; status: Change<string> }>) => [
      r.actor,
      ' withdrew ',
      personRef(r.changes.personId),
      ' from ',
      activityRef(r.changes.activityId),
    ],
  ),
  'delivery.activities_imported': define('delivery_import', 'Imports: activities', imported('activities')),
  'delivery.enrolments_imported': define('delivery_import', 'Imports: enrolments', imported('enrolments')),
  'delivery.attendance_imported': define('delivery_import', 'Imports: attendance', imported('attendance')),

  // Events
  'event.created': define(
    'programme_event',
    'Events: created',
    (
      r: LoggedRow<{
        title: string;
        format: string;
        day: string;
        capacity: number;
        confirmBy: string;
        invited: number;
      }>,
    ) => [r.actor, ' created the event ', eventRef(r.subjectId)],
  ),
  'event.updated': define('programme_event', 'Events: changed', (r: LoggedRow<Fields>) => [
    r.actor,
    ' changed the details of ',
    eventRef(r.subjectId),
  ]),
  'event.cancelled': define(
    'programme_event',
    'Events: cancelled',
    (r: LoggedRow<{ status: Change<string>; told: number }>) => [
      r.actor,
      ' cancelled ',
      eventRef(r.subjectId),
      ` (${plural(r.changes.told, 'person', 'people')} told)`,
    ],
  ),
  'event.deadline_moved': define(
    'programme_event',
    'Events: deadline moved',
    (r: LoggedRow<{ confirmBy: Change<string> }>) => [
      r.actor,
      ' moved the deadline to confirm places at ',
      eventRef(r.subjectId),
      ` to ${after(r.changes.confirmBy) ?? 'another day'}`,
    ],
  ),
  'event.person_invited': define(
    'programme_event',
    'Events: person invited',
    (r: LoggedRow<{ personId: number }>) => [
      r.actor,
      ' invited ',
      personRef(r.changes.personId),
      ' to ',
      eventRef(r.subjectId),
    ],
  ),
  'event.place_confirmed': define(
    'programme_event',
    'Events: place confirmed',
    (r: LoggedRow<{ personId: number; status: Change<string>; byOrganiser: boolean }>) => [
      r.actor,
      ' confirmed a place for ',
      personRef(r.changes.personId),
      ' at ',
      eventRef(r.subjectId),
    ],
  ),
  'event.waiting_list_joined': define(
    'programme_event',
    'Events: waiting list joined',
    (r: LoggedRow<{ personId: number; status: Change<string>; byOrganiser: boolean }>) => [
      r.actor,
      ' put ',
      personRef(r.changes.personId),
      ' on the waiting list of ',
      eventRef(r.subjectId),
    ],
  ),
  'event.place_cancelled': define(
    'programme_event',
    'Events: place cancelled',
    (r: LoggedRow<{ personId: number; status: Change<string> }>) => [
      r.actor,
      ' cancelled the place of ',
      personRef(r.changes.personId),
      ' at ',
      eventRef(r.subjectId),
    ],
  ),
  'event.places_offered': define(
    'programme_event',
    'Events: places offered',
    (r: LoggedRow<{ promotedPersonIds: number[] }>) => [
      r.actor,
      ` gave ${plural(count(r.changes.promotedPersonIds), 'place')} at `,
      eventRef(r.subjectId),
      ' to people on the waiting list',
    ],
  ),
  'event.requirements_saved': define(
    'programme_event',
    'Events: requirements saved',
    (r: LoggedRow<{ personId: number }>) => [
      personRef(r.changes.personId),
      ' saved their requirements for ',
      eventRef(r.subjectId),
    ],
  ),
  'event.document_added': define(
    'programme_event',
    'Events: document added',
    (r: LoggedRow<{ documentId: number; title: string; url: string }>) => [
      r.actor,
      ` added the document${quoted(r.changes.title)} to `,
      eventRef(r.subjectId),
    ],
  ),
  'event.comment_added': define(
    'programme_event',
    'Events: comment added',
    (r: LoggedRow<{ commentId: number }>) => [r.actor, ' commented on ', eventRef(r.subjectId)],
  ),
  'event.attendance_marked': define(
    'programme_event',
    'Events: attendance marked',
    (r: LoggedRow<{ source: string; marks: Record<string, unknown> }>) => [
      r.actor,
      ` marked the attendance of ${plural(Object.keys(r.changes.marks ?? {}).length, 'person', 'people')} at `,
      eventRef(r.subjectId),
    ],
  ),
  'event_emails.preference_set': define(
    'person',
    'Events: email preference set',
    (r: LoggedRow<{ dailyDigest: boolean }>) => [
      personRef(r.subjectId),
      r.changes.dailyDigest ? ' chose a daily digest of event emails' : ' chose event emails one at a time',
    ],
  ),
  'calendar_feed.created': define('person', 'Events: calendar feed created', (r: LoggedRow<Nothing>) => [
    personRef(r.subjectId),
    ' created a calendar feed',
  ]),
  'calendar_feed.revoked': define('person', 'Events: calendar feed revoked', (r: LoggedRow<Nothing>) => [
    personRef(r.subjectId),
    ' revoked their calendar feed',
  ]),
  'bank_holidays.imported': define(
    'bank_holidays',
    'Events: bank holidays imported',
    (r: LoggedRow<{ added: string[] }>) => [
      r.actor,
      ` imported the bank holidays (${plural(count(r.changes.added), 'day')} added)`,
    ],
  ),
  'bank_holidays.added': define(
    'bank_holidays',
    'Events: bank holiday added',
    (r: LoggedRow<{ title: string }>) => [
      r.actor,
      ` added the bank holiday${quoted(r.changes.title)} on ${r.subjectId}`,
    ],
  ),

  // Funding
  'funding.claim_submitted': define(
    'funding_claim',
    'Funding: claim submitted',
    (r: LoggedRow<{ status: Change<string>; amountPence: number; ncpCode: string; kind: string }>) => [
      r.actor,
      ' submitted ',
      claimRef(r.subjectId),
      ` for £${(Number(r.changes.amountPence ?? 0) / 100).toFixed(2)}`,
    ],
  ),
  'funding.claim_approved': define('funding_claim', 'Funding: claim approved', claimDecided('approved')),
  'funding.claim_rejected': define('funding_claim', 'Funding: claim rejected', claimDecided('rejected')),
  'funding.claim_paid': define(
    'funding_claim',
    'Funding: claim paid',
    claimDecided('recorded the payment of'),
  ),
  'funding.role_recorded': define(
    'hub_activity',
    'Funding: hub’s role recorded',
    (r: LoggedRow<{ role: string }>) => [
      r.actor,
      ` recorded the hub’s role in `,
      activityRef(r.subjectId),
      r.changes.role ? ` as ${r.changes.role}` : '',
    ],
  ),
  'funding.statement_revised': define(
    'grant_statement',
    'Funding: grant statement revised',
    (r: LoggedRow<{ year: string; statement: number; revision: number; totalPence: Change<number> }>) => [
      r.actor,
      ` revised grant statement ${r.changes.statement ?? ''} for ${r.changes.year ?? 'the year'} of `,
      hubRef(r.hubId),
    ],
  ),
  'funding.statement_closed': define(
    'grant_statement',
    'Funding: grant statement closed',
    (r: LoggedRow<{ year: string; statement: number; totalPence: number }>) => [
      r.actor,
      ` closed grant statement ${r.changes.statement ?? ''} for ${r.changes.year ?? 'the year'} of `,
      hubRef(r.hubId),
    ],
  ),

  // The platform
  'demo.loaded': define('demo', 'Platform: demonstration data loaded', (r: LoggedRow<Fields>) => [
    r.actor,
    ' loaded the demonstration network',
  ]),
  'retention.applied': define(
    'retention_rule',
    'Platform: retention rule applied',
    (r: LoggedRow<{ deleted?: number; cleared?: number }>) => [
      r.actor,
      ` applied the retention rule ${r.subjectId}: ${
        r.changes.deleted !== undefined
          ? `${plural(r.changes.deleted, 'record')} deleted`
          : `${plural(r.changes.cleared, 'record')} cleared`
      }`,
    ],
  ),
} satisfies Record<string, ActionDefinition>;

export type AuditAction = keyof typeof auditActions;
type Definition<A extends AuditAction> = (typeof auditActions)[A];
export type SubjectTypeOf<A extends AuditAction> = Definition<A>['subjectType'];
/** The payload of an action (of each of a union of actions, for a name chosen at run time). */
export type PayloadOf<A extends AuditAction> = A extends AuditAction
  ? Definition<A> extends ActionDefinition<string, infer P>
    ? P
    : never
  : never;

export const isAuditAction = (name: string): name is AuditAction => Object.hasOwn(auditActions, name);

/** The definition of a logged action; an unknown one (none should be left) reads as its name. */
export function actionDefinition(name: string): ActionDefinition<string, Record<string, unknown>> {
  if (isAuditAction(name))
    return auditActions[name] as unknown as ActionDefinition<string, Record<string, unknown>>;
  return {
    subjectType: 'unknown',
    label: name,
    sentence: (r) => [r.actor, ` made a change recorded as “${name}”`],
  };
}

/** The actions with their labels, in the order of their labels (the log's filter). */
export const actionChoices = (): { value: AuditAction; text: string }[] =>
  (Object.keys(auditActions) as AuditAction[])
    .map((value) => ({ value, text: auditActions[value].label }))
    .sort((a, b) => a.text.localeCompare(b.text));
