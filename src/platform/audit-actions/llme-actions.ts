import { define, hubRef, type LoggedRow, personRef, plural } from '../audit-vocabulary.ts';
import { formatDate } from '../dates.ts';

/** What an application's entries record: ids and codes, never the statement or reasons' text. */
interface ApplicationLogged {
  personId: number;
  hubId: number;
  programme: string;
  cohort?: string | null;
}

/** The development programmes as people name them (llme/programme-names.ts; the platform imports no module). */
const programmeNames: Record<string, string> = {
  mastery_specialist: 'primary Mastery Specialist programme',
  secondary_mastery_specialist: 'secondary Mastery Specialist programme',
  post_16_mastery_specialist: 'post-16 Mastery Specialist programme',
  pd_lead: 'Professional Development Lead programme',
  school_development_lead: 'School Development Lead programme',
};
const programme = (r: LoggedRow<Partial<ApplicationLogged>>) =>
  programmeNames[String(r.changes.programme)] ?? 'a development programme';

/** The event log's actions for the LLME workforce (issue 16): applications to the development programmes. */
export const llmeActions = {
  'programme_application.applied': define(
    'programme_application',
    'Development programmes: application made',
    (r: LoggedRow<ApplicationLogged>) => [
      r.actor,
      ' applied for the ',
      programme(r),
      ' through ',
      hubRef(r.changes.hubId),
    ],
  ),
  'programme_application.nominated': define(
    'programme_application',
    'Development programmes: person nominated',
    (r: LoggedRow<ApplicationLogged>) => [
      r.actor,
      ' nominated ',
      personRef(r.changes.personId),
      ' for the ',
      programme(r),
    ],
  ),
  'programme_application.sponsored': define(
    'programme_application',
    'Development programmes: application sponsored',
    (r: LoggedRow<ApplicationLogged>) => [
      r.actor,
      ' sponsored ',
      personRef(r.changes.personId),
      '’s application for the ',
      programme(r),
    ],
  ),
  'programme_application.not_sponsored': define(
    'programme_application',
    'Development programmes: application not sponsored',
    (r: LoggedRow<ApplicationLogged>) => [
      r.actor,
      ' did not sponsor ',
      personRef(r.changes.personId),
      '’s application for the ',
      programme(r),
    ],
  ),
  'programme_application.accepted': define(
    'programme_application',
    'Development programmes: application accepted',
    (r: LoggedRow<ApplicationLogged>) => [
      r.actor,
      ' accepted ',
      personRef(r.changes.personId),
      ' on the ',
      programme(r),
      r.changes.cohort ? ` (cohort ${r.changes.cohort})` : '',
    ],
  ),
  'programme_application.declined': define(
    'programme_application',
    'Development programmes: application declined',
    (r: LoggedRow<ApplicationLogged>) => [
      r.actor,
      ' declined ',
      personRef(r.changes.personId),
      '’s application for the ',
      programme(r),
    ],
  ),
  'programme_application.completed': define(
    'programme_application',
    'Development programmes: programme completed',
    (r: LoggedRow<ApplicationLogged>) => [
      r.actor,
      ' recorded that ',
      personRef(r.changes.personId),
      ' completed the ',
      programme(r),
    ],
  ),
  'llme_community.lead_added': define(
    'hub',
    'Development programmes: community lead added',
    (r: LoggedRow<{ personId: number; yearCode: string }>) => [
      r.actor,
      ' made ',
      personRef(r.changes.personId),
      ' an LLME Community Lead of ',
      hubRef(r.subjectId),
      r.changes.yearCode ? ` for ${r.changes.yearCode}` : '',
    ],
  ),
  'llme_community.lead_removed': define(
    'hub',
    'Development programmes: community lead removed',
    (r: LoggedRow<{ personId: number; yearCode: string }>) => [
      r.actor,
      ' removed ',
      personRef(r.changes.personId),
      ' as an LLME Community Lead of ',
      hubRef(r.subjectId),
      r.changes.yearCode ? ` for ${r.changes.yearCode}` : '',
    ],
  ),
  'llme_community.meeting_recorded': define(
    'hub',
    'Development programmes: community meeting recorded',
    (r: LoggedRow<{ meetingId: number; heldOn: string }>) => [
      r.actor,
      ' recorded an LLME community meeting of ',
      hubRef(r.subjectId),
      r.changes.heldOn ? ` on ${formatDate(String(r.changes.heldOn))}` : '',
    ],
  ),
  'llme_community.register_taken': define(
    'hub',
    'Development programmes: community register taken',
    (r: LoggedRow<{ meetingId: number; heldOn: string; present: number }>) => [
      r.actor,
      ' took the register of an LLME community meeting of ',
      hubRef(r.subjectId),
      r.changes.heldOn ? ` on ${formatDate(String(r.changes.heldOn))}` : '',
      r.changes.present !== undefined ? `: ${plural(r.changes.present, 'person', 'people')} present` : '',
    ],
  ),
};
