import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { checkLead, parseRules } from '../catalogue/rules.ts';
import { type AccreditationKind, accreditationKindNames, people, roleAssignments } from '../people/schema.ts';
import { isCurrentAssignment } from './add-activity-lead.ts';

/** One LLME of the hub as the lead chooser shows them. */
export interface LeadChoice {
  personId: number;
  name: string;
  /** What tells them apart: their school, their accreditations (or role titles), and the email when names repeat. */
  school: string | null;
  accreditations: string[];
  titles: string[];
  email: string | null;
  /** Why they may not lead this NCP (empty: they may). */
  reasons: string[];
}

/**
 * The LLMEs of the activity's hub today who do not lead it yet, to choose a lead from: those who may lead
 * the NCP (its rules' `leadRequires`, checked by `checkLead` as adding a lead does) and the others with
 * the reason. Each shows their school and accreditations (their LLME role titles when none is recorded);
 * people with the same name also show their email.
 */
export async function leadChoices(
  db: Executor,
  activity: { hubId: number; ncpRules: unknown; leadPersonIds: readonly number[] },
): Promise<{ eligible: LeadChoice[]; notEligible: LeadChoice[] }> {
  const rows = await db
    .select({
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      school: sql<string | null>`(select s.name from schools s where s.urn = ${people.schoolUrn})`,
      titles: sql<(string | null)[]>`array_agg(distinct ${roleAssignments.title})`,
      kinds: sql<AccreditationKind[]>`coalesce((select array_agg(distinct a.kind order by a.kind)
        from accreditations a where a.person_id = ${people.id}), '{}')`,
    })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(
      and(
        eq(roleAssignments.role, 'llme'),
        eq(roleAssignments.hubId, activity.hubId),
        isCurrentAssignment,
        isNull(people.mergedIntoPersonId),
        isNull(people.disabledAt),
      ),
    )
    .groupBy(people.id)
    .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id));
  const rules = parseRules(activity.ncpRules);
  const names = new Map<string, number>();
  for (const r of rows) {
    const name = `${r.givenName} ${r.familyName}`.toLowerCase();
    names.set(name, (names.get(name) ?? 0) + 1);
  }
  const choices = rows
    .filter((r) => !activity.leadPersonIds.includes(r.personId))
    .map((r): LeadChoice => {
      const name = `${r.givenName} ${r.familyName}`;
      const check = checkLead(rules, r.kinds);
      return {
        personId: r.personId,
        name,
        school: r.school,
        accreditations: r.kinds.map((k) => `accredited ${accreditationKindNames[k] ?? k}`),
        titles: r.titles.filter((t): t is string => !!t).sort(),
        email: (names.get(name.toLowerCase()) ?? 0) > 1 ? r.email : null,
        reasons: check.ok ? [] : check.reasons,
      };
    });
  return {
    eligible: choices.filter((c) => !c.reasons.length),
    notEligible: choices.filter((c) => c.reasons.length),
  };
}

/** The line under a choice's name: school, accreditations or role titles, and the email when names repeat. */
export const leadChoiceHint = (c: LeadChoice): string =>
  [
    c.school ?? 'No school recorded',
    c.accreditations.length
      ? c.accreditations.join(', ')
      : c.titles.join(', ') || 'No accreditation recorded',
    c.email,
  ]
    .filter(Boolean)
    .join(' · ');
