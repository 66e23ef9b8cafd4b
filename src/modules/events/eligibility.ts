import { type SQL, sql } from 'drizzle-orm';

/**
 * True when the person is among those an event is for (`eventId` is a column or value): invited by
 * name (or by an email that was no one's when invited, and is now theirs), holding a targeted role (in the target's hub, when it names one), taking part in (not withdrawn
 * or deferred) or leading a targeted activity, or leading an activity of a targeted NCP.
 */
export function isEligibleSql(eventId: SQL | number, personId: number): SQL {
  return sql`EXISTS (
    SELECT 1 FROM event_targets t WHERE t.event_id = ${eventId} AND (
      (t.kind = 'person' AND (t.person_id = ${personId} OR (t.person_id IS NULL AND lower(t.email) =
        (SELECT lower(pe.email) FROM people pe WHERE pe.id = ${personId}))))
      OR (t.kind = 'role' AND EXISTS (
        SELECT 1 FROM role_assignments ra
        WHERE ra.person_id = ${personId} AND ra.role = t.role
          AND (t.hub_id IS NULL OR ra.hub_id = t.hub_id)
          AND (ra.ends_on IS NULL OR ra.ends_on >= current_date)))
      OR (t.kind = 'activity' AND (
        EXISTS (SELECT 1 FROM enrolments en WHERE en.activity_id = t.activity_id AND en.person_id = ${personId}
                AND en.status NOT IN ('withdrawn', 'deferred'))
        OR EXISTS (SELECT 1 FROM activity_leads al WHERE al.activity_id = t.activity_id AND al.person_id = ${personId})))
      OR (t.kind = 'ncp_leads' AND EXISTS (
        SELECT 1 FROM activity_leads al JOIN hub_activities ha ON ha.id = al.activity_id
        WHERE ha.ncp_id = t.ncp_id AND al.person_id = ${personId}))
    ))`;
}

/**
 * 1 when the person's school is in Targeted Support in the event's academic year, or in its first
 * year with the hubs (no hub activity in an earlier year); else 0. People without a school get 0.
 * `yearCode` is the event's academic year (`2024/25`): a value, or an expression of the statement.
 */
export function prioritySql(personId: number, yearCode: string | SQL): SQL {
  return sql`(SELECT CASE WHEN p.school_urn IS NOT NULL AND (
      EXISTS (SELECT 1 FROM activity_schools s JOIN hub_activities ha ON ha.id = s.activity_id
              WHERE s.school_urn = p.school_urn AND ha.kind = 'targeted_support' AND ha.year_code = ${yearCode}
                AND s.status NOT IN ('withdrawn', 'deferred'))
      OR NOT EXISTS (SELECT 1 FROM activity_schools s JOIN hub_activities ha ON ha.id = s.activity_id
              WHERE s.school_urn = p.school_urn AND ha.year_code < ${yearCode})
    ) THEN 1 ELSE 0 END FROM people p WHERE p.id = ${personId})`;
}
