import type { Column } from '../../platform/exports.ts';
import { type AccreditationKind, accreditationKindNames } from '../people/roles.ts';
import { activityStatusNames } from './activity-status.ts';
import type { ActivitySummary } from './list-activities.ts';
import type { RosterEntry } from './llme-roster.ts';
import { activityKindNames } from './schema.ts';

/** The columns of a hub's activities as CSV or Excel. */
export const activityColumns: Column<ActivitySummary>[] = [
  { header: 'NCP', value: (a) => a.ncpCode },
  { header: 'Title', value: (a) => a.title },
  { header: 'Kind', value: (a) => activityKindNames[a.kind] },
  { header: 'Status', value: (a) => activityStatusNames[a.status] },
  { header: 'Academic year', value: (a) => a.yearCode },
  { header: 'Starts', value: (a) => a.startsOn },
  { header: 'Ends', value: (a) => a.endsOn },
  { header: 'Leads', value: (a) => a.leads },
  { header: 'Schools', value: (a) => a.schoolCount },
  { header: 'Participants', value: (a) => a.participantCount },
  { header: 'Sessions', value: (a) => a.sessionCount },
  { header: 'Attendance (%)', value: (a) => a.attendanceRate },
];

/** An LLME's accreditations in words: "Accredited PD Lead (cohort 5); …". */
export const accreditationText = (list: { kind: string; cohort: string | null }[]) =>
  list
    .map(
      (a) =>
        `${accreditationKindNames[a.kind as AccreditationKind] ?? a.kind}${a.cohort ? ` (cohort ${a.cohort})` : ''}`,
    )
    .join('; ');

/** The columns of a hub's LLME roster for a year as CSV or Excel. */
export const llmeColumns = (yearCode: string): Column<RosterEntry>[] => [
  { header: 'Name', value: (e) => e.name },
  { header: 'Email', value: (e) => e.email },
  { header: 'Roles', value: (e) => e.titles.join('; ') },
  { header: 'Accreditations', value: (e) => accreditationText(e.accreditations) },
  { header: `Activities led in ${yearCode}`, value: (e) => e.activeActivities },
  { header: 'Active', value: (e) => (e.active ? 'Yes' : 'No') },
];
