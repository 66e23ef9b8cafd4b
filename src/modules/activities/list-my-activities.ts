import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import type { Principal } from '../../platform/principal.ts';
import { type ActivitySummary, summariseActivities } from './list-activities.ts';
import { activityLeads, activitySessions } from './schema.ts';

export interface MySessions {
  activityId: number;
  sessionId: number;
  title: string;
  kind: string;
  startsAt: Date;
  marked: number;
  enrolled: number;
}

/**
 * The activities an LLME leads, their next sessions, and the past sessions whose register is not
 * complete (registers to take).
 */
export async function listMyActivities(
  db: Executor,
  principal: Principal,
): Promise<{ activities: ActivitySummary[]; upcoming: MySessions[]; toTake: MySessions[] }> {
  const led = await db
    .select({ id: activityLeads.activityId })
    .from(activityLeads)
    .where(eq(activityLeads.personId, principal.personId));
  const ids = led.map((l) => l.id);
  if (!ids.length) return { activities: [], upcoming: [], toTake: [] };
  // This year's first: a lead works on the year they are in (then by NCP and title, as listed).
  const activities = (await summariseActivities(db, { ids })).sort((a, b) =>
    b.yearCode.localeCompare(a.yearCode),
  );
  const titles = new Map(activities.map((a) => [a.id, a.title]));
  const sessionRows = (when: 'upcoming' | 'past') =>
    db
      .select({
        activityId: activitySessions.activityId,
        sessionId: activitySessions.id,
        title: activitySessions.title,
        kind: activitySessions.kind,
        startsAt: activitySessions.startsAt,
        // Qualified by hand: in a query of one table Drizzle writes a column unqualified, and an
        // unqualified "activity_id" inside the subquery would be the enrolment's own (every enrolment).
        marked: sql<number>`(select count(*)::int from attendance_marks m join enrolments e on e.id = m.enrolment_id
          where m.session_id = activity_sessions.id and e.status NOT IN ('withdrawn', 'deferred'))`,
        enrolled: sql<number>`(select count(*)::int from enrolments e
          where e.activity_id = activity_sessions.activity_id and e.status NOT IN ('withdrawn', 'deferred'))`,
      })
      .from(activitySessions)
      .where(
        and(
          inArray(activitySessions.activityId, ids),
          when === 'upcoming'
            ? gte(activitySessions.startsAt, sql`now()`)
            : lt(activitySessions.startsAt, sql`now()`),
        ),
      )
      .orderBy(asc(activitySessions.startsAt));
  const [upcoming, past] = await readsAtOnce(db, [() => sessionRows('upcoming'), () => sessionRows('past')]);
  const withTitle = (s: Omit<MySessions, 'title'> & { title: string }) => ({
    ...s,
    title: `${titles.get(s.activityId) ?? ''}: ${s.title}`,
  });
  const open = new Set(activities.filter((a) => a.status !== 'cancelled').map((a) => a.id));
  return {
    activities,
    upcoming: upcoming
      .filter((s) => open.has(s.activityId))
      .slice(0, 10)
      .map(withTitle),
    toTake: past.filter((s) => open.has(s.activityId) && s.marked < s.enrolled).map(withTitle),
  };
}
