/** The checks of the delivery importer's rows (import-delivery.ts): every problem with its line and message. */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Tx } from '../../platform/database.ts';
import type { RowProblem } from '../../platform/errors.ts';
import * as schema from '../../schema.ts';
import { leadCheck } from '../activities/add-activity-lead.ts';
import { schoolEligibility } from '../journeys/school-eligibility.ts';
import { type Resolved, type ResolvedMark, stage } from './delivery-staging.ts';
import type { AttendanceRow, EnrolmentRow } from './formats.ts';

/**
 * Activity rows: the NCP in the year's catalogue, dates in order, and a lead who passes the page's check
 * (`leadCheck`: an LLME of the row's hub, accredited where the NCP needs it). Anyone else's email, or an
 * email that is no one's, gets the same words, so that the file says nothing of who is on the platform.
 */
export async function checkActivities(client: pg.PoolClient, tx: Tx) {
  await client.query(
    `UPDATE ${stage} s SET ncp_id = n.id FROM ncps n
     WHERE n.year_code = s.year AND upper(replace(n.code, ' ', '')) = upper(replace(s.ncp_code, ' ', ''))`,
  );
  await client.query(
    `UPDATE ${stage} s SET lead_id = coalesce(p.merged_into_person_id, p.id) FROM people p
     WHERE s.lead_email IS NOT NULL AND lower(p.email) = s.lead_email`,
  );
  const { rows } = await client.query<RowProblem>(
    `SELECT line, 'NCP ‘' || ncp_code || '’ is not in the ' || year || ' catalogue' AS message
       FROM ${stage} WHERE ncp_id IS NULL
     UNION ALL
     SELECT line, 'End date is before the start date' FROM ${stage} WHERE ends_on < starts_on`,
  );
  const { rows: leads } = await client.query<{
    line: number;
    hub: string;
    hub_id: number;
    lead_email: string;
    lead_id: number | null;
    rules: unknown;
  }>(
    `SELECT s.line, s.hub, s.hub_id, s.lead_email, s.lead_id, n.rules FROM ${stage} s
     LEFT JOIN ncps n ON n.id = s.ncp_id WHERE s.lead_email IS NOT NULL ORDER BY s.line`,
  );
  const checks = new Map<string, Awaited<ReturnType<typeof leadCheck>>>();
  for (const row of leads) {
    const key = JSON.stringify([row.lead_id, row.hub_id, row.rules]);
    let check = checks.get(key);
    if (!check) {
      check =
        row.lead_id === null
          ? { llme: null, reasons: [] }
          : await leadCheck(tx, { personId: row.lead_id, hubId: row.hub_id, ncpRules: row.rules ?? {} });
      checks.set(key, check);
    }
    if (!check.llme) {
      rows.push({
        line: row.line,
        message: `Lead email ‘${row.lead_email}’ is not an LLME of ${row.hub}: add the lead as an LLME of the hub first`,
      });
      continue;
    }
    const name = `${check.llme.givenName} ${check.llme.familyName}`;
    for (const reason of check.reasons) {
      rows.push({
        line: row.line,
        message: `Lead email ‘${row.lead_email}’: ${name} cannot lead it. ${reason}`,
      });
    }
  }
  return rows;
}

/** Enrolment rows must name schools on the register: one query for the file's distinct URNs. */
export async function checkEnrolments(
  client: pg.PoolClient,
  rows: Resolved<EnrolmentRow>[],
  problems: RowProblem[],
) {
  const urns = [...new Set(rows.flatMap((r) => (r.schoolUrn === null ? [] : [r.schoolUrn])))];
  const known = new Set(
    (
      await client.query<{ urn: number }>('SELECT urn FROM schools WHERE urn = ANY($1::int[])', [urns])
    ).rows.map((s) => s.urn),
  );
  for (const r of rows) {
    if (r.schoolUrn !== null && !known.has(r.schoolUrn)) {
      problems.push({ line: r.line, message: `School URN ${r.schoolUrn} is not a school on the register` });
    }
    // An outcome as the outcomes page records it (activities/outcome-rules.ts): a withdrawal needs its reason.
    if (r.status === 'withdrawn' && !r.outcomeReason) {
      problems.push({
        line: r.line,
        message: 'Withdrawal reason is empty: a withdrawn participant needs one',
      });
    } else if (r.status === 'withdrawn' && r.outcomeReason === 'other' && !r.outcomeReasonText) {
      problems.push({
        line: r.line,
        message: 'Withdrawal reason text is empty: say why (the reason is other)',
      });
    } else if (r.status !== 'withdrawn' && (r.outcomeReason || r.outcomeReasonText)) {
      problems.push({ line: r.line, message: 'Withdrawal reason: only a withdrawn participant has one' });
    }
  }
  await checkEnrolmentSchools(client, rows, known, problems);
  // "Both years" is for the first phase of a two-phase programme, and for someone taking part.
  const bothYears = rows.filter((r) => r.bothYears && r.activityId !== null);
  if (bothYears.length === 0) return;
  const firstPhases = new Set(
    (
      await client.query<{ id: number }>(
        `SELECT a.id FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
         WHERE a.id = ANY($1::int[]) AND n.next_ncp_code IS NOT NULL`,
        [[...new Set(bothYears.map((r) => r.activityId!))]],
      )
    ).rows.map((a) => a.id),
  );
  for (const r of bothYears) {
    if (!firstPhases.has(r.activityId!)) {
      problems.push({
        line: r.line,
        message: `Both years: activity ${r.reference} is not the first phase of a two-phase programme`,
      });
    } else if (r.status === 'withdrawn') {
      problems.push({
        line: r.line,
        message: 'Both years: a withdrawn participant is not registered for the next year',
      });
    }
  }
}

/**
 * Checks attendance rows and finds the enrolment of each participant (and of whoever's connection they
 * joined on) with one query for the file's distinct participants: a mark needs an enrolment in the
 * activity, someone who joined via another's connection was present, and the session's date falls in
 * the academic year.
 */
export async function checkAttendance(
  client: pg.PoolClient,
  rows: Resolved<AttendanceRow>[],
  problems: RowProblem[],
): Promise<ResolvedMark[]> {
  const key = (activityId: number, email: string) => `${activityId}\t${email}`;
  const wanted = new Map<string, [number, string]>();
  for (const r of rows) {
    wanted.set(key(r.activityId!, r.email), [r.activityId!, r.email]);
    if (r.joinedViaEmail) wanted.set(key(r.activityId!, r.joinedViaEmail), [r.activityId!, r.joinedViaEmail]);
  }
  const pairs = [...wanted.values()];
  const { rows: found } = await client.query<{ activity_id: number; email: string; id: number }>(
    `SELECT w.activity_id, w.email, e.id FROM unnest($1::int[], $2::text[]) AS w(activity_id, email)
     JOIN people p ON lower(p.email) = w.email
     JOIN enrolments e ON e.person_id = coalesce(p.merged_into_person_id, p.id) AND e.activity_id = w.activity_id`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  const enrolmentIds = new Map(found.map((f) => [key(f.activity_id, f.email), f.id]));
  const years = new Map(
    (
      await client.query<{ code: string; starts_on: string; ends_on: string }>(
        'SELECT code, starts_on, ends_on FROM academic_years WHERE code = ANY($1::text[])',
        [[...new Set(rows.map((r) => r.year))]],
      )
    ).rows.map((y) => [y.code, y]),
  );
  const marks: ResolvedMark[] = [];
  for (const r of rows) {
    const enrolmentId = enrolmentIds.get(key(r.activityId!, r.email));
    const joinedViaEnrolmentId = r.joinedViaEmail
      ? enrolmentIds.get(key(r.activityId!, r.joinedViaEmail))
      : null;
    const year = years.get(r.year);
    const before = problems.length;
    if (enrolmentId === undefined) {
      problems.push({
        line: r.line,
        message: `‘${r.email}’ is not enrolled in activity ${r.reference}: import their enrolment first`,
      });
    }
    if (joinedViaEnrolmentId === undefined) {
      problems.push({
        line: r.line,
        message: `Joined via email ‘${r.joinedViaEmail}’ is not enrolled in activity ${r.reference}`,
      });
    }
    if (r.joinedViaEmail && r.status !== 'present') {
      problems.push({
        line: r.line,
        message: 'Status must be present for someone who joined via another participant’s connection',
      });
    }
    if (year && (r.sessionDate < year.starts_on || r.sessionDate > year.ends_on)) {
      const [y, m, d] = r.sessionDate.split('-');
      problems.push({
        line: r.line,
        message: `Session date ${d}/${m}/${y} is not in the academic year ${r.year}`,
      });
    }
    if (problems.length === before) {
      const mark = r as ResolvedMark;
      mark.enrolmentId = enrolmentId!;
      mark.joinedViaEnrolmentId = joinedViaEnrolmentId ?? null;
      mark.sessionId = 0;
      marks.push(mark);
    }
  }
  return marks;
}

/**
 * A school not yet in an activity joins it with its participant: it must meet the NCP's rules, as on the
 * activity page (`schoolEligibility`, the one gate). A refused school is a problem on each of its lines,
 * with the reasons in the programme's words, and the file is refused (all or nothing); hub leadership
 * can admit a school anyway on the activity's page, and then import its participants.
 */
async function checkEnrolmentSchools(
  client: pg.PoolClient,
  rows: Resolved<EnrolmentRow>[],
  known: Set<number>,
  problems: RowProblem[],
) {
  const joining = rows.filter(
    (r) =>
      r.activityId !== null && r.schoolUrn !== null && known.has(r.schoolUrn) && r.status !== 'withdrawn',
  );
  if (joining.length === 0) return;
  const activityIds = [...new Set(joining.map((r) => r.activityId!))];
  const activities = new Map(
    (
      await client.query<{ id: number; ncpId: number }>(
        'SELECT id, ncp_id AS "ncpId" FROM hub_activities WHERE id = ANY($1::int[])',
        [activityIds],
      )
    ).rows.map((a) => [a.id, a.ncpId]),
  );
  const inActivity = new Set(
    (
      await client.query<{ key: string }>(
        `SELECT activity_id || ' ' || school_urn AS key FROM activity_schools
         WHERE activity_id = ANY($1::int[]) AND status <> 'withdrawn'`,
        [activityIds],
      )
    ).rows.map((x) => x.key),
  );
  const names = new Map(
    (
      await client.query<{ urn: number; name: string }>(
        'SELECT urn, name FROM schools WHERE urn = ANY($1::int[])',
        [[...new Set(joining.map((r) => r.schoolUrn!))]],
      )
    ).rows.map((x) => [x.urn, x.name]),
  );
  const db = drizzle(client, { schema }) as unknown as Tx;
  const verdicts = new Map<string, string[]>();
  for (const r of joining) {
    const ncpId = activities.get(r.activityId!);
    if (ncpId === undefined || inActivity.has(`${r.activityId} ${r.schoolUrn}`)) continue;
    const key = `${ncpId} ${r.schoolUrn}`;
    if (!verdicts.has(key)) {
      verdicts.set(key, (await schoolEligibility(db, { ncpId, schoolUrn: r.schoolUrn! })).reasons);
    }
    for (const reason of verdicts.get(key)!) {
      problems.push({
        line: r.line,
        message: `School URN ${r.schoolUrn} (${names.get(r.schoolUrn!)}) cannot join activity ${r.reference}: ${reason}`,
      });
    }
  }
}
