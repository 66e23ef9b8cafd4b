import {
  type ActionDefinition,
  activityRef,
  activityStatus,
  type Change,
  claimDecided,
  claimRef,
  define,
  type Enrolment,
  type Fields,
  hubRef,
  imported,
  type LoggedRow,
  personRef,
  plural,
  quoted,
  schoolRef,
} from '../audit-vocabulary.ts';

/** The event log's actions: activities, participants, delivery imports and funding. */
export const deliveryActions = {
  // Activities, schools and participants
  'activity.planned': define('hub_activity', 'Activities: planned', activityStatus('planned')),
  'activity.running': define('hub_activity', 'Activities: started', activityStatus('started')),
  'activity.completed': define('hub_activity', 'Activities: completed', activityStatus('completed')),
  'activity.cancelled': define('hub_activity', 'Activities: cancelled', activityStatus('cancelled')),
  'activity.continued': define(
    'hub_activity',
    'Activities: continued into a new year',
    (
      r: LoggedRow<{
        fromActivityId: number;
        yearCode: string;
        ncp: string;
        schools: number;
        participants: number;
      }>,
    ) => [
      r.actor,
      ' continued ',
      activityRef(r.changes.fromActivityId),
      ` into ${r.changes.yearCode ?? 'a new year'} as `,
      activityRef(r.subjectId),
      `, with ${plural(r.changes.schools, 'school')} and ${plural(r.changes.participants, 'participant')}`,
    ],
  ),
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
    (r: LoggedRow<{ schoolUrn: number; outsideHubArea?: boolean }>) => [
      r.actor,
      ' added ',
      schoolRef(r.changes.schoolUrn),
      r.changes.outsideHubArea ? ', from outside the hub’s area,' : '',
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
} satisfies Record<string, ActionDefinition>;
