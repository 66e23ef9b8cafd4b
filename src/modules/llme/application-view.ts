import { paths } from '../../platform/paths.ts';
import type { ApplicationDetail, ApplicationListRow } from './application-reads.ts';
import { developmentProgrammes, programmeNames, statusNames, statusTagClasses } from './programme-names.ts';

/** The programmes as a form's choices. */
export const programmeOptions = developmentProgrammes.map((p) => ({ value: p, text: programmeNames[p] }));

/** A row of the applications list as the page shows it. */
export const applicationRowView = (a: ApplicationListRow) => ({
  ...a,
  href: paths.llme.application(a.id),
  programmeName: programmeNames[a.programme],
  statusName: statusNames[a.status],
  statusClass: statusTagClasses[a.status],
});

/** One application as its page shows it. */
export const applicationView = (a: ApplicationDetail) => ({
  ...applicationRowView(a),
  personHref: paths.admin.person(a.personId),
});
