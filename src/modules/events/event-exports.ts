import type { Column } from '../../platform/cli-output.ts';
import { formatDate, formatDateTime } from '../../platform/dates.ts';
import type { PlaceListRow } from './event-lists.ts';
import type { OrganisedEvent } from './list-organised-events.ts';
import { eventFormatNames, placeStatusNames } from './schema.ts';

export const eventColumns: Column<OrganisedEvent>[] = [
  { header: 'Title', value: (e) => e.title },
  { header: 'Hub', value: (e) => e.hubName ?? 'National' },
  { header: 'NCP', value: (e) => e.ncpCode },
  { header: 'Format', value: (e) => eventFormatNames[e.format] },
  { header: 'Starts', value: (e) => formatDateTime(e.startsAt) },
  { header: 'Confirm by', value: (e) => formatDate(e.confirmBy) },
  { header: 'Status', value: (e) => e.status },
  { header: 'Places', value: (e) => e.capacity },
  { header: 'Confirmed', value: (e) => e.confirmed },
  { header: 'Waiting', value: (e) => e.waiting },
  { header: 'Attended', value: (e) => e.attended },
];

const person: Column<PlaceListRow>[] = [
  { header: 'Name', value: (p) => p.name },
  { header: 'Email', value: (p) => p.email },
  { header: 'School', value: (p) => p.schoolName },
];

export const listColumns: Record<
  'confirmations' | 'waiting' | 'requirements' | 'attendance',
  Column<PlaceListRow>[]
> = {
  confirmations: [
    ...person,
    { header: 'Confirmed', value: (p) => formatDateTime(p.confirmedAt) },
    { header: 'From the waiting list', value: (p) => (p.promotedAt ? 'Yes' : 'No') },
    { header: 'Added by the organiser', value: (p) => (p.addedByOrganiser ? 'Yes' : 'No') },
  ],
  waiting: [
    { header: 'Position', value: (p) => p.position ?? null },
    ...person,
    { header: 'Priority school', value: (p) => (p.priority ? 'Yes' : 'No') },
    { header: 'Joined the list', value: (p) => formatDateTime(p.requestedAt) },
  ],
  requirements: [
    ...person,
    { header: 'Dietary', value: (p) => p.dietary },
    { header: 'Access', value: (p) => p.access },
    { header: 'Other', value: (p) => p.otherRequirements },
  ],
  attendance: [
    ...person,
    { header: 'Attendance', value: (p) => placeStatusNames[p.status] },
    { header: 'Joined on the connection of', value: (p) => p.joinedViaName },
  ],
};

/** The organiser's lists of an event's places. */
export function placeLists(places: PlaceListRow[]) {
  const seated = places.filter((p) => ['confirmed', 'attended', 'absent'].includes(p.status));
  return {
    confirmations: seated,
    waiting: places.filter((p) => p.status === 'waiting').map((p, i) => ({ ...p, position: i + 1 })),
    requirements: seated.filter((p) => p.dietary || p.access || p.otherRequirements),
    attendance: seated,
  };
}
