import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { untilWaiting } from '../../../test/support/lock-waits.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { type Actor, systemActor } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import type { DeliveryKind } from './formats.ts';
import { type ImportScope, importDelivery } from './import-delivery.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/delivery/${name}`, import.meta.url));

/** An Excel workbook of the CSV text's rows, as a hub's spreadsheet would hold them (dates as dates). */
async function xlsxOf(csvText: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet 1');
  for (const line of csvText.trim().split(/\r?\n/)) {
    const cells = (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [])
      .map((c) => c.replace(/,$/, ''))
      .map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
    sheet.addRow(
      cells.map((c) => {
        const uk = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(c);
        if (uk) return new Date(Date.UTC(Number(uk[3]), Number(uk[2]) - 1, Number(uk[1])));
        if (/^\d{6}$/.test(c)) return Number(c);
        return c;
      }),
    );
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('importing activities, enrolments and attendance', () => {
  let t: TestContext;
  let hubId: number;
  let otherHubId: number;
  const actor: Actor = systemActor('cli:test');
  const all: ImportScope = { allHubs: true };

  beforeAll(async () => {
    t = await createTestApp();
    const la = await makeLocalAuthority(t.db);
    hubId = (await makeHub(t.db, { slug: 'example-maths-hub' })).id;
    otherHubId = (await makeHub(t.db, { slug: 'other-maths-hub' })).id;
    await makeNcp(t.db, { code: 'NCP23-09' });
    await makeNcp(t.db, { code: 'NCP23-21', type: 'programme' });
    await makeSchool(t.db, { laCode: la.code, urn: 100001 });
    await makeSchool(t.db, { laCode: la.code, urn: 100002 });
    await makePerson(t.db, [{ role: 'llme', hubId }], { email: 'Lead.One@example.org' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.$client.query(
      `TRUNCATE hub_activities, activity_leads, activity_schools, enrolments, activity_sessions, attendance_marks, event_log CASCADE`,
    );
    await t.db.$client.query(`DELETE FROM people WHERE email LIKE '%@school.example'`);
  });

  const run = (kind: DeliveryKind, fileName: string, bytes: Uint8Array, scope: ImportScope = all) =>
    importDelivery(t.db, actor, { scope, kind, file: { fileName, bytes } }, { mailer: t.services.mailer });
  const importAll = async (as: 'csv' | 'xlsx' = 'csv') => {
    const results = [];
    for (const kind of ['activities', 'enrolments', 'attendance'] as const) {
      const csv = fixture(`${kind}.csv`);
      results.push(
        as === 'csv'
          ? await run(kind, `${kind}.csv`, csv)
          : await run(kind, `${kind}.xlsx`, await xlsxOf(csv.toString())),
      );
    }
    return results;
  };
  const rows = async (sql: string) => (await t.db.$client.query(sql)).rows;
  const state = async () => ({
    activities: await rows('SELECT * FROM hub_activities ORDER BY id'),
    leads: await rows('SELECT * FROM activity_leads ORDER BY id'),
    schools: await rows('SELECT * FROM activity_schools ORDER BY id'),
    enrolments: await rows('SELECT * FROM enrolments ORDER BY id'),
    people: await rows('SELECT * FROM people ORDER BY id'),
    roles: await rows('SELECT * FROM role_assignments ORDER BY id'),
    sessions: await rows('SELECT * FROM activity_sessions ORDER BY id'),
    marks: await rows('SELECT * FROM attendance_marks ORDER BY session_id, enrolment_id'),
  });
  const problemsOf = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportRejectedError);
    return (error as ImportRejectedError).problems;
  };

  it.each(['csv', 'xlsx'] as const)('imports each kind from %s', async (as) => {
    const [activities, enrolments, attendance] = await importAll(as);
    expect(activities).toMatchObject({
      rowCount: 3,
      added: 3,
      updated: 0,
      unchanged: 0,
      alsoAdded: { leads: 1 },
    });
    expect(enrolments).toMatchObject({ added: 3, alsoAdded: { people: 2, schoolsTakingPart: 3 } });
    expect(attendance).toMatchObject({ added: 4, alsoAdded: { sessions: 2 } });

    expect(
      await rows(
        `SELECT reference, kind, a.title, status, starts_on, ends_on, n.code FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
         WHERE hub_id = ${hubId} ORDER BY reference`,
      ),
    ).toEqual([
      {
        reference: 'SKTM-EY-1',
        kind: 'programme_cohort',
        title: 'SKTM Early Years cohort',
        status: 'running',
        starts_on: '2023-10-04',
        ends_on: '2024-06-20',
        code: 'NCP23-21',
      },
      {
        reference: 'WG-TFM-01',
        kind: 'work_group',
        title: 'TfM Development Work Group (Leeds)',
        status: 'running',
        starts_on: '2023-09-01',
        ends_on: '2024-07-31',
        code: 'NCP23-09',
      },
      {
        reference: 'WG-TFM-02',
        kind: 'work_group',
        title: 'TfM Development Work Group (Bradford, north)',
        status: 'planned',
        starts_on: '2023-09-15',
        ends_on: null,
        code: 'NCP23-09',
      },
    ]);
    expect(
      await rows(`SELECT l.title, p.email FROM activity_leads l JOIN people p ON p.id = l.person_id`),
    ).toEqual([{ title: 'Work Group Lead', email: 'Lead.One@example.org' }]);
    expect(
      await rows(
        `SELECT a.reference, p.email, p.given_name, p.family_name, e.school_urn, e.role_in_school, e.year_groups,
                e.mentor_name, e.mentor_email, e.status
         FROM enrolments e JOIN people p ON p.id = e.person_id JOIN hub_activities a ON a.id = e.activity_id
         ORDER BY a.reference, p.email`,
      ),
    ).toEqual([
      {
        reference: 'SKTM-EY-1',
        email: 'amira.khan@school.example',
        given_name: 'Amira',
        family_name: 'Khan',
        school_urn: 100001,
        role_in_school: 'Maths lead',
        year_groups: ['Reception'],
        mentor_name: 'Jo Smith',
        mentor_email: 'jo.smith@school.example',
        status: 'completed',
      },
      expect.objectContaining({
        reference: 'WG-TFM-01',
        email: 'amira.khan@school.example',
        year_groups: ['Year 1', 'Year 2'],
      }),
      expect.objectContaining({
        email: 'ben.oneill@school.example',
        family_name: "O'Neill",
        year_groups: ['Year 3'],
      }),
    ]);
    expect(
      await rows(`SELECT count(*)::int AS n FROM role_assignments r JOIN people p ON p.id = r.person_id
                  WHERE p.email LIKE '%@school.example' AND r.role = 'participant' AND r.hub_id = ${hubId}`),
    ).toEqual([{ n: 2 }]);
    expect(
      await rows(
        `SELECT s.kind, s.title, to_char(s.starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') AS at,
                p.email, m.status, jp.email AS joined_via
         FROM attendance_marks m JOIN activity_sessions s ON s.id = m.session_id
         JOIN enrolments e ON e.id = m.enrolment_id JOIN people p ON p.id = e.person_id
         LEFT JOIN enrolments je ON je.id = m.joined_via_enrolment_id LEFT JOIN people jp ON jp.id = je.person_id
         ORDER BY s.starts_at, p.email`,
      ),
    ).toEqual([
      {
        kind: 'trg',
        title: 'TRG 1',
        at: '2024-01-08 00:00',
        email: 'amira.khan@school.example',
        status: 'present',
        joined_via: null,
      },
      {
        kind: 'trg',
        title: 'TRG 1',
        at: '2024-01-08 00:00',
        email: 'ben.oneill@school.example',
        status: 'apologies',
        joined_via: null,
      },
      {
        kind: 'trg',
        title: 'TRG 2',
        at: '2024-02-05 00:00',
        email: 'amira.khan@school.example',
        status: 'present',
        joined_via: null,
      },
      {
        kind: 'trg',
        title: 'TRG 2',
        at: '2024-02-05 00:00',
        email: 'ben.oneill@school.example',
        status: 'present',
        joined_via: 'amira.khan@school.example',
      },
    ]);
    const events = await rows(
      `SELECT action, subject_type, hub_id, actor_label, changes FROM event_log ORDER BY id`,
    );
    expect(events.map((e) => e.action)).toEqual([
      'delivery.activities_imported',
      // The people new to the platform, created by the people module (by id only).
      'person.created_in_bulk',
      'delivery.enrolments_imported',
      'delivery.attendance_imported',
    ]);
    expect(events[0]).toMatchObject({
      subject_type: 'delivery_import',
      hub_id: hubId,
      actor_label: 'cli:test',
      changes: expect.objectContaining({ rows: 3, added: 3, updated: 0, hubs: ['example-maths-hub'] }),
    });
    expect(events[0].changes.activityIds).toHaveLength(3);
    expect(events[1].changes.personIds.length).toBeGreaterThan(0);
    expect(JSON.stringify(events[1])).not.toContain('@');
  });

  it('changes nothing when the same files are imported again, and updates what changed', async () => {
    await importAll();
    const before = await state();
    const again = await importAll();
    expect(again.map((r) => [r.added, r.updated, r.unchanged])).toEqual([
      [0, 0, 3],
      [0, 0, 3],
      [0, 0, 4],
    ]);
    expect(again.map((r) => r.alsoAdded)).toEqual([
      { leads: 0, continuingEnrolments: 0 },
      { people: 0, schoolsTakingPart: 0, nextPhaseEnrolments: 0, nextPhaseIntents: 0, mentorsEmailed: 0 },
      { sessions: 0 },
    ]);
    expect(await state()).toEqual(before);

    // Outcomes: the status column (completed, withdrawn with its reason, deferred), all or nothing.
    const withReasons = (ben: string, amira = 'registered') =>
      fixture('enrolments.csv')
        .toString()
        .replace('Mentor email,Status', 'Mentor email,Status,Withdrawal reason,Withdrawal reason text')
        .replace('Class teacher,Y3,,,registered', `Class teacher,Y3,,,${ben}`)
        .replace('Year 1; Year 2,,,registered', `Year 1; Year 2,,,${amira}`);
    await expect(
      run('enrolments', 'enrolments.csv', Buffer.from(withReasons('withdrawn', 'completed,Workload'))),
    ).rejects.toMatchObject({
      problems: [
        { line: 2, message: 'Withdrawal reason: only a withdrawn participant has one' },
        { line: 3, message: 'Withdrawal reason is empty: a withdrawn participant needs one' },
      ],
    });
    await expect(
      run('enrolments', 'enrolments.csv', Buffer.from(withReasons('withdrawn,other'))),
    ).rejects.toMatchObject({
      problems: [{ line: 3, message: 'Withdrawal reason text is empty: say why (the reason is other)' }],
    });
    const changed = withReasons('withdrawn,Left teaching', 'deferred');
    const result = await run('enrolments', 'enrolments.csv', Buffer.from(changed));
    expect(result).toMatchObject({ added: 0, updated: 2, unchanged: 1 });
    expect(
      await rows(
        `SELECT p.email, e.status, e.outcome_reason, e.outcome_recorded_at IS NOT NULL AS recorded
         FROM enrolments e JOIN people p ON p.id = e.person_id
         WHERE p.email IN ('ben.oneill@school.example', 'amira.khan@school.example') AND e.status <> 'completed'
         ORDER BY p.email`,
      ),
    ).toEqual([
      { email: 'amira.khan@school.example', status: 'deferred', outcome_reason: null, recorded: true },
      {
        email: 'ben.oneill@school.example',
        status: 'withdrawn',
        outcome_reason: 'left_teaching',
        recorded: true,
      },
    ]);
  });

  it('runs again from the start when PostgreSQL rolls it back to break a deadlock, and the change is made', async () => {
    await importAll();
    const withdrawn = fixture('enrolments.csv')
      .toString()
      .replace('Mentor email,Status', 'Mentor email,Status,Withdrawal reason,Withdrawal reason text')
      .replace('Class teacher,Y3,,,registered', 'Class teacher,Y3,,,withdrawn,Left teaching');
    const other = await t.db.$client.connect();
    try {
      // The other transaction never looks for the deadlock itself: the import's does, and is rolled back.
      await other.query(`SET deadlock_timeout = '10s'`);
      await other.query('BEGIN');
      // As a page saving Ben's enrolment holds its row...
      await other.query(
        `UPDATE enrolments SET status = status WHERE person_id = (SELECT id FROM people WHERE email = 'ben.oneill@school.example')`,
      );
      const importing = run('enrolments', 'enrolments.csv', Buffer.from(withdrawn));
      // ...the import waits for it, holding the delivery import's lock...
      await untilWaiting(t.db.$client, 'transactionid', 'the import');
      // ...which the other then waits for: a circle. After a second the import is rolled back, this goes on.
      await other.query('SELECT pg_advisory_xact_lock(727276)');
      await other.query('COMMIT');
      // Run again from the start, the import checks its rows afresh (no problem counted twice) and withdraws Ben.
      expect(await importing).toMatchObject({ added: 0, updated: 1, unchanged: 2 });
    } finally {
      await other.query('ROLLBACK').catch(() => {});
      other.release();
    }
    expect(
      await rows(
        `SELECT e.status, e.outcome_reason FROM enrolments e JOIN people p ON p.id = e.person_id
         WHERE p.email = 'ben.oneill@school.example'`,
      ),
    ).toEqual([{ status: 'withdrawn', outcome_reason: 'left_teaching' }]);
    expect(
      await rows(`SELECT count(*)::int AS n FROM event_log WHERE action = 'delivery.enrolments_imported'`),
    ).toEqual([{ n: 2 }]);
  }, 30_000);

  it('reads Windows-1252 and UTF-8 with a byte order mark alike', async () => {
    await run('activities', 'activities.csv', fixture('activities.csv'));
    const text = fixture('enrolments.csv').toString().replaceAll('Khan', 'Khán');
    await run('enrolments', 'enrolments.csv', iconv.encode(text, 'win1252'));
    expect(await rows(`SELECT family_name FROM people WHERE email = 'amira.khan@school.example'`)).toEqual([
      { family_name: 'Khán' },
    ]);
    await t.db.$client.query(`TRUNCATE enrolments CASCADE`);
    await t.db.$client.query(`DELETE FROM people WHERE email LIKE '%@school.example'`);
    await run(
      'enrolments',
      'enrolments.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    expect(await rows(`SELECT family_name FROM people WHERE email = 'amira.khan@school.example'`)).toEqual([
      { family_name: 'Khán' },
    ]);
  });

  it('rejects a file with problems, listing every one by line, and changes nothing', async () => {
    await importAll();
    const before = await state();
    const bad = [
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN,Role in school,Year groups,Mentor name,Mentor email,Status',
      'example-maths-hub,2023/24,WG-TFM-01,new.person@school.example,New,Person,100001,,,,,registered',
      'no-such-hub,2023/24,WG-TFM-01,a@school.example,A,B,,,,,,registered',
      'example-maths-hub,2023/24,WG-NOPE,b@school.example,A,B,,,,,,registered',
      'example-maths-hub,2023/24,WG-TFM-01,not-an-email,,B,999999,,,,,maybe',
      'example-maths-hub,2023/24,WG-TFM-02,c@school.example,C,D,123456,,,,,registered',
      'example-maths-hub,2023/24,WG-TFM-01,new.person@school.example,New,Person,100001,,,,,registered',
    ].join('\n');
    const problems = await problemsOf(run('enrolments', 'bad.csv', Buffer.from(bad)));
    expect(problems).toEqual([
      { line: 3, message: expect.stringContaining('Hub ‘no-such-hub’ is not a Maths Hub') },
      {
        line: 4,
        message: expect.stringContaining(
          'Activity reference ‘WG-NOPE’ is not an activity of example-maths-hub in 2023/24',
        ),
      },
      { line: 5, message: 'Email ‘not-an-email’ is not an email address' },
      { line: 5, message: 'Given name is empty' },
      { line: 5, message: expect.stringContaining('Status ‘maybe’ is not one of') },
      { line: 6, message: 'School URN 123456 is not a school on the register' },
      { line: 7, message: expect.stringContaining('is also on line 2') },
    ]);
    expect(await state()).toEqual(before);
    expect(await rows(`SELECT count(*)::int AS n FROM event_log`)).toEqual([{ n: 4 }]);

    const attendance = [
      'Hub,Year,Activity reference,Session date,Email,Status,Joined via email',
      'example-maths-hub,2023/24,WG-TFM-01,31/02/2024,amira.khan@school.example,present,',
      'example-maths-hub,2023/24,WG-TFM-01,01/03/2025,amira.khan@school.example,present,',
      'example-maths-hub,2023/24,WG-TFM-01,01/03/2024,jo.smith@school.example,present,',
      'example-maths-hub,2023/24,WG-TFM-01,01/03/2024,ben.oneill@school.example,absent,amira.khan@school.example',
    ].join('\r\n');
    expect(await problemsOf(run('attendance', 'bad.csv', Buffer.from(attendance)))).toEqual([
      { line: 2, message: 'Session date ‘31/02/2024’ is not a date like 08/01/2024 or 2024-01-08' },
      { line: 3, message: 'Session date 01/03/2025 is not in the academic year 2023/24' },
      {
        line: 4,
        message: expect.stringContaining('‘jo.smith@school.example’ is not enrolled in activity WG-TFM-01'),
      },
      { line: 5, message: expect.stringContaining('Status must be present') },
    ]);
    expect(
      await problemsOf(run('activities', 'x.csv', Buffer.from('Hub,Year,Title\nx,2023/24,y\n'))),
    ).toEqual([
      {
        line: 1,
        message: expect.stringContaining('the header row has no column ‘NCP’, ‘Reference’, ‘Kind’'),
      },
    ]);
    const activities = [
      'Hub,Year,NCP,Reference,Kind,Title,Start date,End date',
      'example-maths-hub,2023/24,NCP23-99,WG-9,Work Group,A,,',
      'example-maths-hub,2023/25,NCP23-09,WG-9,Work Group,A,,',
      'example-maths-hub,2023/24,NCP23-09,WG-8,Work Group,A,01/06/2024,01/05/2024',
    ].join('\n');
    expect(await problemsOf(run('activities', 'x.csv', Buffer.from(activities)))).toEqual([
      { line: 2, message: 'NCP ‘NCP23-99’ is not in the 2023/24 catalogue' },
      { line: 3, message: 'Year ‘2023/25’ is not an academic year like 2023/24' },
      { line: 4, message: 'End date is before the start date' },
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses rows of a year whose catalogue is still a draft, with line and reason, and imports nothing', async () => {
    await makeNcp(t.db, { code: 'NCP26-09', yearCode: '2026/27' });
    await t.db.$client.query(
      `INSERT INTO catalogue_years (year_code, published_at) VALUES ('2026/27', NULL)
       ON CONFLICT (year_code) DO UPDATE SET published_at = NULL`,
    );
    const reason =
      'The 2026/27 catalogue has not been published yet: its delivery can be imported once the NCETM publishes it';
    const activities = [
      'Hub,Year,NCP,Reference,Kind,Title,Start date,End date',
      'example-maths-hub,2023/24,NCP23-09,WG-OK,Work Group,Last year’s group,,',
      'example-maths-hub,2026/27,NCP26-09,WG-NEW,Work Group,Next year’s group,,',
    ].join('\n');
    expect(await problemsOf(run('activities', 'draft.csv', Buffer.from(activities)))).toEqual([
      { line: 3, message: reason },
    ]);
    expect(await rows('SELECT count(*)::int AS n FROM hub_activities')).toEqual([{ n: 0 }]);

    // An activity already in the draft year (planned before the catalogue went back to draft): its
    // enrolments and attendance are refused too.
    const ncpId = (await rows(`SELECT id FROM ncps WHERE code = 'NCP26-09'`))[0]!.id;
    await t.db.$client.query(
      `INSERT INTO hub_activities (hub_id, ncp_id, year_code, reference, kind, title)
       VALUES ($1, $2, '2026/27', 'WG-NEW', 'work_group', 'Next year’s group')`,
      [hubId, ncpId],
    );
    const enrolment = [
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN,Role in school,Year groups,Mentor name,Mentor email,Status',
      'example-maths-hub,2026/27,WG-NEW,new.person@school.example,New,Person,100001,,,,,registered',
    ].join('\n');
    expect(await problemsOf(run('enrolments', 'draft.csv', Buffer.from(enrolment)))).toEqual([
      { line: 2, message: reason },
    ]);
    expect(await rows('SELECT count(*)::int AS n FROM enrolments')).toEqual([{ n: 0 }]);

    // Once published, the same file goes in.
    await t.db.$client.query(`UPDATE catalogue_years SET published_at = now() WHERE year_code = '2026/27'`);
    expect((await run('activities', 'draft.csv', Buffer.from(activities))).added).toBe(1);
  });

  it('lets hub leadership import only their own hub’s rows', async () => {
    const own: ImportScope = { allHubs: false, hubIds: [hubId] };
    const other: ImportScope = { allHubs: false, hubIds: [otherHubId] };
    const problems = await problemsOf(run('activities', 'activities.csv', fixture('activities.csv'), other));
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(problems[0]!.message).toBe(
      'Hub ‘example-maths-hub’ is not your hub: you may import only your own hub’s records',
    );
    expect(await rows('SELECT count(*)::int AS n FROM hub_activities')).toEqual([{ n: 0 }]);
    const mixed = `${fixture('activities.csv').toString()}other-maths-hub,2023/24,NCP23-09,WG-1,Work Group,Other hub's group,,,,\r\n`;
    expect(await problemsOf(run('activities', 'mixed.csv', Buffer.from(mixed), own))).toEqual([
      {
        line: 5,
        message: 'Hub ‘other-maths-hub’ is not your hub: you may import only your own hub’s records',
      },
    ]);
    expect(await rows('SELECT count(*)::int AS n FROM hub_activities')).toEqual([{ n: 0 }]);
    expect((await run('activities', 'activities.csv', fixture('activities.csv'), own)).added).toBe(3);
  });
});
