import {
  type ActivityKind,
  type AttendanceStatus,
  activityLeads,
  activitySchools,
  activitySessions,
  attendanceMarks,
  enrolments,
  hubActivities,
  type SessionKind,
} from '../../src/modules/activities/schema.ts';
import { type NcpType, ncps, type TfmStage } from '../../src/modules/catalogue/schema.ts';
import { academicYears } from '../../src/modules/hubs/schema.ts';
import type { Database } from '../../src/platform/database.ts';
import { academicYearBounds } from '../../src/platform/dates.ts';

let sequence = 0;
const next = () => ++sequence;

/** Makes sure an academic year exists (catalogues and activities belong to one). */
export async function makeAcademicYear(db: Database, code: string) {
  await db
    .insert(academicYears)
    .values({ code, ...academicYearBounds(code) })
    .onConflictDoNothing();
  return code;
}

export async function makeNcp(
  db: Database,
  overrides: Partial<typeof ncps.$inferInsert> & { yearCode?: string } = {},
): Promise<typeof ncps.$inferSelect> {
  const yearCode = await makeAcademicYear(db, overrides.yearCode ?? '2023/24');
  const n = next();
  const [ncp] = await db
    .insert(ncps)
    .values({
      code: `NCP${yearCode.slice(2, 4)}-T${n}`,
      title: `Test project ${n}`,
      phases: ['primary'],
      type: 'work_group' as NcpType,
      participation: 'not_required',
      ...overrides,
      yearCode,
    })
    .returning();
  return ncp!;
}

export async function makeActivity(
  db: Database,
  input: {
    hubId: number;
    ncpId: number;
    yearCode?: string;
    kind?: ActivityKind;
    title?: string;
    status?: string;
    /** People may register themselves on it (else they register interest and the hub registers them). */
    openForDirectRegistration?: boolean;
  },
): Promise<typeof hubActivities.$inferSelect> {
  const n = next();
  const yearCode = input.yearCode ?? '2023/24';
  const [activity] = await db
    .insert(hubActivities)
    .values({
      hubId: input.hubId,
      ncpId: input.ncpId,
      yearCode,
      kind: input.kind ?? 'work_group',
      title: input.title ?? `Test Work Group ${n}`,
      status: (input.status ?? 'running') as 'running',
      openForDirectRegistration: input.openForDirectRegistration ?? false,
      ...academicYearDates(yearCode),
    })
    .returning();
  return activity!;
}

const academicYearDates = (code: string) => {
  const { startsOn, endsOn } = academicYearBounds(code);
  return { startsOn, endsOn };
};

export async function addLead(db: Database, activityId: number, personId: number, title = 'Work Group Lead') {
  await db.insert(activityLeads).values({ activityId, personId, title });
}

export async function addSchool(
  db: Database,
  activityId: number,
  schoolUrn: number,
  status: 'registered' | 'completed' | 'withdrawn' | 'deferred' = 'registered',
) {
  const [row] = await db.insert(activitySchools).values({ activityId, schoolUrn, status }).returning();
  return row!;
}

export async function enrol(
  db: Database,
  input: {
    activityId: number;
    personId: number;
    schoolUrn?: number | null;
    status?: 'registered' | 'completed' | 'withdrawn' | 'deferred';
  },
) {
  const [row] = await db
    .insert(enrolments)
    .values({
      activityId: input.activityId,
      personId: input.personId,
      schoolUrn: input.schoolUrn ?? null,
      status: input.status ?? 'registered',
    })
    .returning();
  return row!;
}

export async function makeSession(
  db: Database,
  input: { activityId: number; startsAt: string; kind?: SessionKind; title?: string },
) {
  const [row] = await db
    .insert(activitySessions)
    .values({
      activityId: input.activityId,
      kind: input.kind ?? 'trg',
      title: input.title ?? 'TRG',
      startsAt: new Date(input.startsAt),
    })
    .returning();
  return row!;
}

export async function mark(
  db: Database,
  sessionId: number,
  enrolmentId: number,
  status: AttendanceStatus = 'present',
) {
  await db.insert(attendanceMarks).values({ sessionId, enrolmentId, status });
}

export type { TfmStage };
