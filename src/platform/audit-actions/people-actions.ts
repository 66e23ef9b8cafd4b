import {
  type ActionDefinition,
  after,
  type Change,
  count,
  define,
  type Fields,
  hubRef,
  type LoggedRow,
  type Nothing,
  personRef,
  plural,
  quoted,
  type RoleChange,
  roleName,
  schoolRef,
} from '../audit-vocabulary.ts';
import { formatDate } from '../dates.ts';

/** The event log's actions: people, roles and accounts. */
export const peopleActions = {
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
    (r: LoggedRow<{ schoolUrn: Change<number>; outsideHubArea?: Change<boolean> }>) => [
      r.actor,
      ' moved ',
      personRef(r.subjectId),
      ' to ',
      schoolRef(after(r.changes.schoolUrn)),
      r.changes.outsideHubArea ? ', outside the hub’s area' : '',
    ],
  ),
  'person.own_school_changed': define(
    'person',
    'People: own school changed',
    (r: LoggedRow<{ schoolUrn: Change<number> }>) => [
      personRef(r.subjectId),
      ' changed their school to ',
      schoolRef(after(r.changes.schoolUrn)),
    ],
  ),
  'person.year_groups_changed': define(
    'person',
    'People: year groups taught changed',
    (r: LoggedRow<{ yearGroups: Change<string[]> }>) => [
      personRef(r.subjectId),
      ' changed the year groups they teach to ',
      (after(r.changes.yearGroups) ?? []).join(', ') || 'none',
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
    ...(r.changes.ncpKey ? [` of NCP ${r.changes.ncpKey}`] : []),
    ...(r.changes.laCode ? [` for local authority ${r.changes.laCode}`] : []),
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
  'person.accreditation_recorded': define(
    'person',
    'People: accreditation recorded',
    (
      r: LoggedRow<{
        kind: string;
        cohort: string | null;
        awardedOn: Change<string | null> | string | null;
        /** True when a link to the evidence document was given (the link itself is not logged). */
        evidence?: boolean;
      }>,
    ) => [
      r.actor,
      ' recorded that ',
      personRef(r.subjectId),
      r.changes.kind
        ? ` is an accredited ${accreditationNames[String(r.changes.kind)] ?? String(r.changes.kind)}`
        : ' has an accreditation',
      r.changes.cohort ? ` (cohort ${r.changes.cohort})` : '',
      after(r.changes.awardedOn) ? `, awarded ${formatDate(String(after(r.changes.awardedOn)))}` : '',
      r.changes.evidence ? ', with a link to the evidence' : '',
    ],
  ),
} satisfies Record<string, ActionDefinition>;

/** Accreditations as people name them (people/schema.ts; the platform does not import modules). */
const accreditationNames: Record<string, string> = {
  mastery_specialist: 'primary Mastery Specialist',
  secondary_mastery_specialist: 'secondary Mastery Specialist',
  post_16_mastery_specialist: 'post-16 Mastery Specialist',
  pd_lead: 'PD Lead',
  school_development_lead: 'School Development Lead',
  work_group_lead: 'Work Group Lead',
};
