import { activityRef, define, hubRef, type LoggedRow, personRef, plural } from '../audit-vocabulary.ts';

interface Interest {
  personId: number;
  activityId: number | null;
  ncpId: number | null;
  ncpCode: string | null;
  schoolUrn: number | null;
}

/** The event log's actions: interest registered in a hub's offer, and the hub registering or declining it. */
export const interestActions = {
  'activity.direct_registration': define(
    'hub_activity',
    'Activities: direct registration changed',
    (r: LoggedRow<{ open: boolean }>) => [
      r.actor,
      r.changes.open ? ' let people register directly for ' : ' stopped people registering directly for ',
      activityRef(r.subjectId),
    ],
  ),
  'interest.registered': define('interest', 'Interest: registered', (r: LoggedRow<Interest>) =>
    r.changes.activityId
      ? [
          r.actor,
          ' registered interest for ',
          personRef(r.changes.personId),
          ' in ',
          activityRef(r.changes.activityId),
        ]
      : [
          r.actor,
          ' registered interest for ',
          personRef(r.changes.personId),
          ` in ${r.changes.ncpCode ?? 'an NCP'} at `,
          hubRef(r.hubId),
        ],
  ),
  'interest.declined': define(
    'interest',
    'Interest: declined',
    (r: LoggedRow<{ personId: number; status: [string, string] }>) => [
      r.actor,
      ' declined the interest of ',
      personRef(r.changes.personId),
      ' in ',
      hubRef(r.hubId),
      '’s offer (they were told by email)',
    ],
  ),
  'interest.converted': define(
    'hub',
    'Interest: turned into registrations',
    (r: LoggedRow<{ interestIds: number[]; enrolmentIds: number[] }>) => [
      r.actor,
      ` registered ${plural(r.changes.interestIds?.length ?? 0, 'person', 'people')} who had registered interest in `,
      hubRef(r.subjectId),
      '’s offer',
    ],
  ),
};
