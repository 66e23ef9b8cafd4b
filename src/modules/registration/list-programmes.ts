import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { enrolments, hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { schools } from '../schools/schema.ts';

export interface ProgrammeSummary {
  enrolmentId: number;
  yearCode: string;
  activityTitle: string;
  ncpCode: string;
  ncpTitle: string;
  hubName: string;
  schoolName: string | null;
  status: string;
  sessions: number;
  present: number;
  marked: number;
}

/** Attendance of each enrolment: sessions held so far and the marks (present of all marked). */
const attendance = {
  sessions: sql<number>`(select count(*)::int from activity_sessions s where s.activity_id = ${enrolments.activityId})`,
  present: sql<number>`(select count(*)::int from attendance_marks m where m.enrolment_id = ${enrolments.id} and m.status = 'present')`,
  marked: sql<number>`(select count(*)::int from attendance_marks m where m.enrolment_id = ${enrolments.id})`,
};

/** A person's enrolments across years, newest year first. */
export async function listProgrammes(db: Executor, personId: number): Promise<ProgrammeSummary[]> {
  return db
    .select({
      enrolmentId: enrolments.id,
      yearCode: hubActivities.yearCode,
      activityTitle: hubActivities.title,
      ncpCode: ncps.code,
      ncpTitle: ncps.title,
      hubName: hubs.name,
      schoolName: schools.name,
      status: enrolments.status,
      ...attendance,
    })
    .from(enrolments)
    .innerJoin(hubActivities, eq(hubActivities.id, enrolments.activityId))
    .innerJoin(ncps, eq(ncps.id, hubActivities.ncpId))
    .innerJoin(hubs, eq(hubs.id, hubActivities.hubId))
    .leftJoin(schools, eq(schools.urn, enrolments.schoolUrn))
    .where(eq(enrolments.personId, personId))
    .orderBy(desc(hubActivities.yearCode), hubActivities.title);
}

export { attendance as attendanceColumns };
