import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { ACTIVE_LLME_AMBITION, activeLlmesSql } from '../journeys/active-llmes.ts';
import { people, roleAssignments } from '../people/schema.ts';
import { isCurrentAssignment } from './add-activity-lead.ts';

/** The programme's ambition: at least 50 active LLMEs in every hub (journeys/active-llmes.ts). */
export const llmeAmbition = ACTIVE_LLME_AMBITION;

export interface RosterEntry {
  personId: number;
  name: string;
  email: string;
  titles: string[];
  accreditations: { kind: string; cohort: string | null }[];
  activeActivities: number;
  active: boolean;
}

/**
 * A hub's LLME community: the people holding the LLME role in the hub today, their titles and
 * accreditations, and whether they are active in the year: the one definition of active LLMEs
 * (`activeLlmesSql`: leading an activity of the hub and year that is not cancelled, or hub leadership),
 * as the annual report and the hub dashboard count them.
 */
export async function llmeRoster(
  db: Executor,
  hubId: number,
  yearCode: string,
): Promise<{ entries: RosterEntry[]; activeCount: number; ambition: number }> {
  const rows = await db
    .select({
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      titles: sql<(string | null)[]>`array_agg(distinct ${roleAssignments.title})`,
      accreditations: sql<{ kind: string; cohort: string | null }[]>`coalesce((
        select json_agg(json_build_object('kind', a.kind, 'cohort', a.cohort) order by a.kind)
        from accreditations a where a.person_id = ${people.id}), '[]'::json)`,
      activeActivities: sql<number>`(select count(*)::int from activity_leads l
        join hub_activities h on h.id = l.activity_id
        where l.person_id = ${people.id} and h.hub_id = ${hubId} and h.year_code = ${yearCode}
          and h.status <> 'cancelled')`,
      active: sql<boolean>`exists (select 1 from (${activeLlmesSql({ fromYear: yearCode, toYear: yearCode, hubId })}) x
        where x.person_id = ${people.id})`,
    })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(
      and(
        eq(roleAssignments.role, 'llme'),
        eq(roleAssignments.hubId, hubId),
        isCurrentAssignment,
        isNull(people.mergedIntoPersonId),
        isNull(people.disabledAt),
      ),
    )
    .groupBy(people.id)
    .orderBy(asc(people.familyName), asc(people.givenName));
  const entries = rows.map((r) => ({
    personId: r.personId,
    name: `${r.givenName} ${r.familyName}`,
    email: r.email,
    titles: r.titles.filter((t): t is string => !!t).sort(),
    accreditations: r.accreditations,
    activeActivities: r.activeActivities,
    active: r.active,
  }));
  return { entries, activeCount: entries.filter((e) => e.active).length, ambition: llmeAmbition };
}
