import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { systemActor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { codeForYear } from '../catalogue/catalogue-file.ts';
import { readShippedBankHolidays } from './bank-holiday-file.ts';
import { bankHolidaySet, importBankHolidays } from './bank-holidays.ts';
import { addDays, confirmationDeadline, type EventFormat, isWorkingDay } from './working-days.ts';

interface DemoEvent {
  hubId: number | null;
  ncpCode: string | null;
  title: string;
  description: string;
  format: EventFormat;
  day: string;
  start: string;
  end: string;
  capacity: number;
  target: { kind: 'role'; role: string; hubId: number | null } | { kind: 'ncp_leads'; ncpCode: string };
  /** The share of the eligible people who have confirmed (more than the capacity fills a waiting list). */
  uptake: number;
}

/**
 * The people a demonstration event is for, by id. The same people `eligiblePeople` finds, asked of
 * one table at a time: the demonstration loads in one transaction, before its tables are analysed,
 * so the general query's plan would be blind.
 */
async function demoEligible(
  tx: Executor,
  target: DemoEvent['target'],
  ncpId: number | null,
): Promise<number[]> {
  const { rows } =
    target.kind === 'role'
      ? await tx.execute<{ id: number }>(sql`
          SELECT DISTINCT person_id AS id FROM role_assignments
          WHERE role = ${target.role} AND (${target.hubId}::int IS NULL OR hub_id = ${target.hubId}) AND (ends_on IS NULL OR ends_on >= current_date)
          ORDER BY 1`)
      : await tx.execute<{ id: number }>(sql`
          SELECT DISTINCT al.person_id AS id FROM activity_leads al
          WHERE al.activity_id IN (SELECT id FROM hub_activities WHERE ncp_id = ${ncpId}) ORDER BY 1`);
  return rows.map((r) => r.id);
}

/** The first working day on or after a day. */
function workingDayFrom(day: string, holidays: ReadonlySet<string>): string {
  let d = day;
  while (!isWorkingDay(d, holidays)) d = addDays(d, 1);
  return d;
}

const nationalWorkshops = (today: string, holidays: ReadonlySet<string>): DemoEvent[] => [
  {
    hubId: null,
    ncpCode: 'NCP23-09',
    title: 'Primary TfM Development: national workshop for Work Group Leads',
    description:
      'The project team introduces this year’s materials and the research focus. Attendance is required for Work Group Leads.',
    format: 'online',
    day: workingDayFrom(addDays(today, 21), holidays),
    start: '13:30',
    end: '16:00',
    capacity: 400,
    target: { kind: 'ncp_leads', ncpCode: 'NCP23-09' },
    uptake: 0.5,
  },
  {
    hubId: null,
    ncpCode: 'NCP23-06',
    title: 'Mastering Number at KS2: national webinar',
    description:
      'Updates to the programme and the summer survey. For the leads of Mastering Number at KS2 Work Groups.',
    format: 'online',
    day: workingDayFrom(addDays(today, 8), holidays),
    start: '15:45',
    end: '17:00',
    capacity: 300,
    target: { kind: 'ncp_leads', ncpCode: 'NCP23-06' },
    uptake: 0.6,
  },
  {
    hubId: null,
    ncpCode: 'NCP23-12',
    title: 'Secondary TfM Development: national workshop (Birmingham)',
    description:
      'A day of professional development with the Project Coordination Team. Lunch is provided: tell us your dietary requirements.',
    format: 'face_to_face',
    day: workingDayFrom(addDays(today, 35), holidays),
    start: '10:00',
    end: '15:30',
    capacity: 60,
    target: { kind: 'ncp_leads', ncpCode: 'NCP23-12' },
    uptake: 1.2,
  },
  {
    hubId: null,
    ncpCode: null,
    title: 'LLME national conference',
    description: 'The annual conference for Local Leaders of Mathematics Education.',
    format: 'face_to_face',
    day: workingDayFrom(addDays(today, 63), holidays),
    start: '09:30',
    end: '16:00',
    capacity: 250,
    target: { kind: 'role', role: 'llme', hubId: null },
    uptake: 0.15,
  },
];

const hubEvents = (
  hubId: number,
  hubName: string,
  today: string,
  holidays: ReadonlySet<string>,
  n: number,
): DemoEvent[] => [
  {
    hubId,
    ncpCode: null,
    title: `${hubName}: LLME community meeting`,
    description: 'Share practice across the hub’s Work Groups, and plan the next term.',
    format: 'face_to_face',
    day: workingDayFrom(addDays(today, 18 + (n % 10)), holidays),
    start: '16:00',
    end: '17:30',
    capacity: 30,
    target: { kind: 'role', role: 'llme', hubId },
    uptake: 0.6,
  },
  {
    hubId,
    ncpCode: null,
    title: `${hubName}: launch event for participants`,
    description:
      'Welcome to this year’s Work Groups and programmes: what to expect, and how to get the most from them.',
    format: 'online',
    day: workingDayFrom(addDays(today, 4 + (n % 6)), holidays),
    start: '16:15',
    end: '17:15',
    capacity: 80,
    target: { kind: 'role', role: 'participant', hubId },
    uptake: 0.3,
  },
  {
    hubId,
    ncpCode: null,
    title: `${hubName}: LLME briefing`,
    description: 'The autumn briefing for the hub’s LLMEs.',
    format: 'online',
    day: workingDayFrom(addDays(today, -14 - (n % 5)), holidays),
    start: '15:30',
    end: '16:30',
    capacity: 40,
    target: { kind: 'role', role: 'llme', hubId },
    uptake: 0.5,
  },
];

/** The catalogue the national workshops' codes are written in (moved to today's year's codes). */
const WORKSHOP_CODES_YEAR = '2023/24';

/**
 * The demonstration events, dated from the day the demonstration is loaded: four national workshops
 * and webinars for the NCPs of today's academic year and three events of every hub (one of them past,
 * with attendance), with places taken, a waiting list on the full national workshop, and requirements.
 * Deterministic for a given day.
 */
export async function loadDemoEvents(
  tx: Executor,
  today = todayInEngland(),
): Promise<{ events: number; places: number }> {
  await importBankHolidays(tx, systemActor('demo'), readShippedBankHolidays());
  const holidays = await bankHolidaySet(tx);
  const { rows: hubs } = await tx.execute<{ id: number; name: string }>(
    sql`SELECT id, name FROM hubs ORDER BY id`,
  );
  const year = academicYearOf(today);
  const events = [
    ...nationalWorkshops(today, holidays),
    ...hubs.flatMap((h, i) => hubEvents(h.id, h.name.replace(/ Maths Hub$/, ''), today, holidays, i)),
  ];
  let places = 0;
  for (const e of events) {
    const { rows } = await tx.execute<{ id: number; ncp_id: number | null; starts_at: string }>(sql`
      INSERT INTO programme_events (hub_id, ncp_id, title, description, format, venue, platform, connect_url,
        starts_at, ends_at, confirm_by, capacity, waiting_priority, contact_name, contact_email)
      VALUES (${e.hubId}, (SELECT id FROM ncps WHERE code = ${e.ncpCode && codeForYear(e.ncpCode, WORKSHOP_CODES_YEAR, year)} AND year_code = ${year}), ${e.title},
        ${e.description}, ${e.format},
        ${e.format === 'face_to_face' ? (e.hubId ? 'The hub’s Lead School' : 'National Conference Centre, Birmingham') : null},
        ${e.format === 'online' ? 'Zoom' : null},
        ${e.format === 'online' ? `https://zoom.example/j/${8_000_000 + events.indexOf(e)}` : null},
        (${`${e.day} ${e.start}`}::timestamp AT TIME ZONE 'Europe/London'),
        (${`${e.day} ${e.end}`}::timestamp AT TIME ZONE 'Europe/London'),
        ${confirmationDeadline(e.day, e.format, holidays)}, ${e.capacity},
        ${e.hubId ? 'joined_first' : 'first_year_or_targeted_support'},
        ${e.hubId ? 'Hub administrator' : 'NCETM Maths Hubs team'}, ${e.hubId ? null : 'mathshubs@ncetm.example'})
      RETURNING id, ncp_id, starts_at`);
    const event = rows[0]!;
    if (e.target.kind === 'role') {
      await tx.execute(
        sql`INSERT INTO event_targets (event_id, kind, role, hub_id) VALUES (${event.id}, 'role', ${e.target.role}, ${e.target.hubId})`,
      );
    } else {
      await tx.execute(
        sql`INSERT INTO event_targets (event_id, kind, ncp_id) VALUES (${event.id}, 'ncp_leads', ${event.ncp_id})`,
      );
    }
    // Places for the first of the eligible people (by id: deterministic), then the waiting list.
    const eligible = await demoEligible(tx, e.target, event.ncp_id);
    const asking = eligible.slice(0, Math.round(eligible.length * e.uptake));
    const past = e.day < today;
    const seated = asking.slice(0, e.capacity);
    const waiting = past ? [] : asking.slice(e.capacity);
    for (const [list, status] of [
      [seated, null],
      [waiting, 'waiting'],
    ] as const) {
      if (!list.length) continue;
      await tx.execute(sql`
        INSERT INTO event_places (event_id, person_id, status, requested_at, confirmed_at, connect_token, dietary, access)
        SELECT ${event.id}, p.id, ${status ?? sql`CASE WHEN p.n % 5 = 4 AND ${past} THEN 'absent' WHEN ${past} THEN 'attended' ELSE 'confirmed' END`},
               now() - (p.n || ' minutes')::interval, ${status ? null : sql`now()`},
               ${randomBytes(6).toString('hex')} || '-' || p.id,
               CASE WHEN ${e.format === 'face_to_face'} AND p.n % 7 = 0 THEN 'Vegetarian' WHEN ${e.format === 'face_to_face'} AND p.n % 11 = 0 THEN 'Gluten free' END,
               CASE WHEN ${e.format === 'face_to_face'} AND p.n % 13 = 0 THEN 'Step-free access, please' END
        FROM unnest(${`{${list.join(',')}}`}::int[]) WITH ORDINALITY AS p(id, n)`);
      places += list.length;
    }
    await tx.execute(
      sql`UPDATE programme_events SET confirmed_count = ${seated.length} WHERE id = ${event.id}`,
    );
  }
  return { events: events.length, places };
}
