import { formatDateTime } from '../../platform/dates.ts';
import { staleEditRows } from '../../platform/edit-versions.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { yearControlItems } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { ncpTypeNames } from '../catalogue/labels.ts';
import type { HubChoice } from '../hubs/choose-hub.ts';
import { hubChoiceItems } from '../hubs/choose-hub.ts';
import { accreditationKindNames } from '../people/roles.ts';
import { activityStatusNames, isOpenActivity, statusChoices } from './activity-status.ts';
import { accreditationText } from './export-columns.ts';
import { activityComparedFields, activityFormValues, yearParam } from './forms.ts';
import type { ActivityDetails } from './get-activity.ts';
import type { Register } from './get-register.ts';
import { leadChoiceHint, type leadChoices } from './lead-choices.ts';
import type { ActivitySummary } from './list-activities.ts';
import type { listMyActivities } from './list-my-activities.ts';
import type { llmeRoster } from './llme-roster.ts';
import type { LoadedActivity } from './load-activity.ts';
import { joinedViaField, statusField } from './mark-register.ts';
import { attendanceNames } from './register-rules.ts';
import type { ListQuery } from './route-params.ts';
import {
  activityKindNames,
  activityKinds,
  activityStatuses,
  attendanceStatuses,
  sessionKindNames,
  sessionKinds,
} from './schema.ts';

/** What the activities pages show: each page's values for its template, from the records. */

type Roster = Awaited<ReturnType<typeof llmeRoster>>;
type LeadChoices = Awaited<ReturnType<typeof leadChoices>>;
type NcpChoice = { id: number; code: string; title: string; type: keyof typeof ncpTypeNames };

/** The academic year chooser's items (`2023-24` in the address, `2023/24` shown): the one control's. */
export const yearItems = (years: string[]) => yearControlItems(years);

/** A hub's activities for a year, filtered and a page of them shown. */
export function activityListView(view: {
  choice: HubChoice;
  yearCode: string;
  years: string[];
  query: ListQuery;
  all: ActivitySummary[];
  shown: { items: ActivitySummary[]; total: number; page: number; lastPage: number };
  latestYear: string | null;
  canPlan: boolean;
}) {
  const { choice, yearCode, query: q, all } = view;
  const linkQuery = { hub: q.hub, year: yearParam(yearCode), ncp: q.ncp, kind: q.kind, status: q.status };
  return {
    pageTitle: choice.hub ? `Activities of ${choice.hub.name} in ${yearCode}` : 'Hub activities',
    choice,
    yearCode,
    yearParam: yearParam(yearCode),
    years: yearItems(view.years),
    hubItems: hubChoiceItems(choice),
    query: q,
    ncpFilterItems: [
      { value: '', text: 'All projects' },
      ...[...new Set(all.map((a) => a.ncpCode))].map((c) => ({ value: c, text: c })),
    ],
    kindFilterItems: [
      { value: '', text: 'All kinds' },
      ...activityKinds.map((k) => ({ value: k, text: activityKindNames[k] })),
    ],
    statusFilterItems: [
      { value: '', text: 'All statuses' },
      ...activityStatuses.map((s) => ({ value: s, text: activityStatusNames[s] })),
    ],
    kindNames: activityKindNames,
    statusNames: activityStatusNames,
    activities: view.shown.items,
    total: view.shown.total,
    latestYear: view.latestYear && { code: view.latestYear, param: yearParam(view.latestYear) },
    pagination: pagination(view.shown.page, view.shown.lastPage, (n) =>
      withQuery(paths.myHub.activities, { ...linkQuery, page: n }),
    ),
    csvHref: withQuery(paths.myHub.activities, { ...linkQuery, format: 'csv' }),
    xlsxHref: withQuery(paths.myHub.activities, { ...linkQuery, format: 'xlsx' }),
    newHref: withQuery(paths.myHub.newActivity, { hub: choice.hub?.slug, year: yearParam(yearCode) }),
    canPlan: view.canPlan,
  };
}

/** The form to plan an activity: the hub (if the person may plan its activities) and the year's NCPs. */
export function newActivityView(view: {
  choice: HubChoice;
  hubSlug: string | undefined;
  yearCode: string;
  years: string[];
  catalogue: NcpChoice[];
}) {
  const { choice, yearCode } = view;
  return {
    pageTitle: 'Plan an activity',
    choice,
    yearCode,
    yearParam: yearParam(yearCode),
    years: yearItems(view.years),
    hubItems: hubChoiceItems(choice),
    ncpItems: [
      { value: '', text: 'Choose a project' },
      ...view.catalogue.map((n) => ({
        value: String(n.id),
        text: `${n.code}: ${n.title} (${ncpTypeNames[n.type]})`,
      })),
    ],
    kindItems: activityKinds.map((k) => ({ value: k, text: activityKindNames[k] })),
    backHref: withQuery(paths.myHub.activities, { hub: view.hubSlug, year: yearParam(yearCode) }),
  };
}

/** An activity's page: details, leads, schools, participants, sessions, and the forms the person may use. */
export function activityView(
  details: ActivityDetails,
  may: { manage: boolean; takeRegister: boolean },
  choices: LeadChoices | null,
) {
  return {
    pageTitle: details.activity.title,
    d: details,
    kindName: activityKindNames[details.activity.kind],
    statusName: activityStatusNames[details.activity.status],
    ncpTypeName: ncpTypeNames[details.ncp.type],
    canManage: may.manage,
    canAdd: may.manage && isOpenActivity(details.activity.status),
    canTakeRegister: may.takeRegister && details.activity.status !== 'cancelled',
    accreditationNames: accreditationKindNames,
    sessionKindNames,
    // The lead chooser: those who may lead the NCP to choose from, the others with the reason.
    leadItems: (choices?.eligible ?? []).map((c) => ({
      value: String(c.personId),
      text: c.name,
      hint: { text: leadChoiceHint(c) },
      attributes: { 'data-testid': `lead-choice-${c.personId}` },
    })),
    notEligibleLeads: (choices?.notEligible ?? []).map((c) => ({
      ...c,
      hint: leadChoiceHint(c),
    })),
    sessionKindItems: sessionKinds.map((k) => ({ value: k, text: sessionKindNames[k] })),
    listHref: withQuery(paths.myHub.activities, {
      hub: details.hub.slug,
      year: yearParam(details.activity.yearCode),
    }),
  };
}

/** The edit page: the activity's values, or (after a stale save) the person's input and both versions. */
export function editActivityView(
  { activity, hub }: LoadedActivity,
  stale?: { yours: Record<string, string> },
) {
  const record = activityFormValues(activity);
  return {
    pageTitle: stale ? `Someone else changed ${activity.title}` : `Change ${activity.title}`,
    activity,
    hub,
    record: stale ? stale.yours : record,
    version: activity.version,
    staleEdit: stale && {
      noun: 'activity',
      rows: staleEditRows(activityComparedFields, record, stale.yours),
      latestHref: paths.activity.edit(activity.id),
    },
    statusItems: statusChoices(activity.status).map((s) => ({ value: s, text: activityStatusNames[s] })),
  };
}

/** A session's register. */
export function registerView(register: Register) {
  return {
    pageTitle: `Register: ${register.session.title}, ${formatDateTime(register.session.startsAt)}`,
    register,
    activity: register.loaded.activity,
    sessionKindName: sessionKindNames[register.session.kind],
    statusItems: attendanceStatuses.map((s) => ({ value: s, text: attendanceNames[s] })),
    statusField,
    joinedViaField,
    taken: register.rows.some((r) => r.status !== null),
    locked: register.loaded.activity.status === 'cancelled',
  };
}

/** An LLME's own activities and sessions. */
export function myActivitiesView(mine: Awaited<ReturnType<typeof listMyActivities>>) {
  return {
    pageTitle: 'My activities',
    ...mine,
    kindNames: activityKindNames,
    statusNames: activityStatusNames,
    sessionKindNames,
  };
}

/** A hub's LLME community for a year. */
export function llmeRosterView(view: {
  choice: HubChoice;
  hubSlug: string | undefined;
  yearCode: string;
  years: string[];
  roster: Roster | null;
}) {
  const { choice, yearCode, roster } = view;
  const linkQuery = { hub: view.hubSlug, year: yearParam(yearCode) };
  return {
    pageTitle: choice.hub ? `LLMEs of ${choice.hub.name}` : 'LLME community',
    choice,
    yearCode,
    yearParam: yearParam(yearCode),
    years: yearItems(view.years),
    hubItems: hubChoiceItems(choice),
    roster,
    entries: roster?.entries.map((e) => ({ ...e, accreditationText: accreditationText(e.accreditations) })),
    csvHref: withQuery(paths.myHub.llmes, { ...linkQuery, format: 'csv' }),
    xlsxHref: withQuery(paths.myHub.llmes, { ...linkQuery, format: 'xlsx' }),
  };
}
