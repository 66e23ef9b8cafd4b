import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import { registerParticipant } from '../registration/register-participant.ts';
import type { DeliveryKind } from './formats.ts';
import { importDelivery } from './import-delivery.ts';

let t: TestContext;
let hubId: number;
let otherHubId: number;
let schoolUrn: number;
const actor = systemActor('cli:test');

beforeAll(async () => {
  t = await createTestApp();
  const la = await makeLocalAuthority(t.db);
  hubId = (await makeHub(t.db, { slug: 'ect-maths-hub', name: 'ECT Maths Hub' })).id;
  otherHubId = (await makeHub(t.db, { slug: 'other-ect-hub' })).id;
  schoolUrn = (await makeSchool(t.db, { laCode: la.code, urn: 140001, name: 'Brook Primary School' })).urn;
  await makeNcp(t.db, {
    code: 'NCP23-28a',
    title: 'SKTM Primary Early Career Teachers – Phase 1',
    type: 'programme',
    participation: 'required',
    nextNcpCode: 'NCP24-28b',
  });
  await makeNcp(t.db, {
    yearCode: '2024/25',
    code: 'NCP24-28b',
    title: 'SKTM Primary Early Career Teachers – Phase 2',
    type: 'programme',
    participation: 'required',
  });
  await makeNcp(t.db, { yearCode: '2024/25', code: 'NCP24-09', title: 'TfM Development' });
});
afterAll(() => t.close());

const rows = async (sql: string, params: unknown[] = []) => (await t.db.$client.query(sql, params)).rows;
const outboxTo = (email: string) =>
  rows('SELECT subject, text_body FROM outbox WHERE to_address = $1 ORDER BY id', [email]);
const outboxCount = async () => (await rows('SELECT count(*)::int AS n FROM outbox'))[0]!.n as number;
const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
const run = (kind: DeliveryKind, lines: string[], mailer: Mailer = t.services.mailer) =>
  importDelivery(
    t.db,
    actor,
    { scope: { allHubs: true }, kind, file: { fileName: `${kind}.csv`, bytes: csv(lines) } },
    { mailer },
  );
const rejected = (work: Promise<unknown>) => expect(work).rejects.toBeInstanceOf(ImportRejectedError);

describe('a bulk import of activities', () => {
  it('enrols on each new Phase 2 group those who registered for both years, emailing them in the same transaction', async () => {
    const phase1Ncp = (await rows(`SELECT id FROM ncps WHERE code = 'NCP23-28a'`))[0]!.id as number;
    const phase1 = await makeActivity(t.db, {
      hubId,
      ncpId: phase1Ncp,
      kind: 'programme_cohort',
      title: 'ECT Phase 1 cohort',
    });
    const otherPhase1 = await makeActivity(t.db, {
      hubId: otherHubId,
      ncpId: phase1Ncp,
      kind: 'programme_cohort',
    });
    const register = (activityId: number, email: string, givenName: string) =>
      registerParticipant(
        t.db,
        systemActor('test'),
        {
          activityId,
          person: { email, givenName, familyName: 'Teacher' },
          schoolUrn,
          roleInSchool: 'Early career teacher',
          yearGroups: ['Year 4'],
          mentorName: 'Mo Mentor',
          mentorEmail: 'mo.mentor@example.org',
        },
        { mailer: t.services.mailer },
      );
    const ada = await register(phase1.id, 'ada.phase@example.org', 'Ada');
    const ben = await register(phase1.id, 'ben.phase@example.org', 'Ben');
    const dev = await register(otherPhase1.id, 'dev.phase@example.org', 'Dev');
    for (const r of [ada, ben, dev]) expect(r.continuationIntended).toBe(true);

    const header = 'Hub,Year,NCP,Reference,Kind,Title,Status,Start date,End date';
    const phase2Row =
      'ect-maths-hub,2024/25,NCP24-28b,ECT-P2,Programme cohort,ECT Phase 2 cohort,planned,20/09/2024,10/07/2025';
    const workGroupRow =
      'ect-maths-hub,2024/25,NCP24-09,WG-1,Work Group,TfM Development Work Group,running,,';

    // A rejected file enrols no one and sends nothing.
    const mailsBefore = await outboxCount();
    await rejected(
      run('activities', [header, phase2Row, 'ect-maths-hub,2024/25,NCP24-99,X,Work Group,X,,,']),
    );
    expect(await rows('SELECT id FROM enrolments WHERE continues_enrolment_id IS NOT NULL')).toEqual([]);
    expect(await outboxCount()).toBe(mailsBefore);

    // The emails are queued in the import's transaction: another connection does not see the
    // enrolments yet when they are written to the outbox.
    const seenAtSend: number[] = [];
    const watching: Mailer = {
      ...t.services.mailer,
      async queue(tx, mail) {
        const [n] = await rows(
          `SELECT count(*)::int AS n FROM enrolments e JOIN hub_activities a ON a.id = e.activity_id WHERE a.reference = 'ECT-P2'`,
        );
        seenAtSend.push(n!.n);
        await t.services.mailer.queue(tx, mail);
      },
    };
    const result = await run('activities', [header, phase2Row, workGroupRow], watching);
    expect(result).toMatchObject({ added: 2, alsoAdded: { leads: 0, continuingEnrolments: 2 } });
    expect(seenAtSend).toEqual([0, 0]);

    const [phase2] = await rows(`SELECT id FROM hub_activities WHERE reference = 'ECT-P2'`);
    const enrolled = await rows(
      `SELECT person_id, continues_enrolment_id, school_urn, role_in_school, year_groups, mentor_email, status
       FROM enrolments WHERE activity_id = $1 ORDER BY person_id`,
      [phase2!.id],
    );
    expect(enrolled).toEqual(
      [ada, ben].map((r) => ({
        person_id: r.personId,
        continues_enrolment_id: r.enrolmentId,
        school_urn: schoolUrn,
        role_in_school: 'Early career teacher',
        year_groups: ['Year 4'],
        mentor_email: 'mo.mentor@example.org',
        status: 'registered',
      })),
    );
    // Each enrolment is logged as the page logs it; the school is recorded as taking part.
    const logged = await rows(
      `SELECT action, reason FROM event_log WHERE subject_type = 'enrolment'
         AND subject_id IN (SELECT id::text FROM enrolments WHERE activity_id = $1)`,
      [phase2!.id],
    );
    expect(logged).toEqual(
      Array(2).fill({
        action: 'enrolment.registered',
        reason: 'Registered for both years on the first phase: enrolled when the hub planned this group',
      }),
    );
    expect(
      await rows('SELECT school_urn FROM activity_schools WHERE activity_id = $1', [phase2!.id]),
    ).toEqual([{ school_urn: schoolUrn }]);
    // The work group (not a second phase) and the other hub's intent are left alone.
    expect(
      await rows(
        `SELECT count(*)::int AS n FROM enrolments e JOIN hub_activities a ON a.id = e.activity_id WHERE a.reference = 'WG-1'`,
      ),
    ).toEqual([{ n: 0 }]);
    expect(await rows('SELECT id FROM enrolments WHERE person_id = $1', [dev.personId])).toEqual([
      { id: dev.enrolmentId },
    ]);
    for (const email of ['ada.phase@example.org', 'ben.phase@example.org']) {
      const mails = await outboxTo(email);
      expect(mails.at(-1)!.subject).toBe('You are enrolled on ECT Phase 2 cohort');
      expect(mails.at(-1)!.text_body).toContain('ECT Maths Hub has now set up its 2024/25 group');
    }
    const [event] = await rows(
      `SELECT changes FROM event_log WHERE action = 'delivery.activities_imported' ORDER BY id DESC LIMIT 1`,
    );
    expect(event!.changes).toMatchObject({ added: 2, continuingEnrolments: 2 });

    // Importing the same file again enrols and sends nothing more.
    const mailsAfter = await outboxCount();
    const again = await run('activities', [header, phase2Row, workGroupRow]);
    expect(again).toMatchObject({ added: 0, unchanged: 2, alsoAdded: { continuingEnrolments: 0 } });
    expect(await outboxCount()).toBe(mailsAfter);
    expect(await rows('SELECT id FROM enrolments WHERE activity_id = $1', [phase2!.id])).toHaveLength(2);
  });
});

describe('a bulk import of enrolments', () => {
  it('emails the mentor named on each new registered enrolment, once, queued in the import transaction', async () => {
    const activities = [
      'Hub,Year,NCP,Reference,Kind,Title,Status',
      'ect-maths-hub,2023/24,NCP23-28a,ECT-P1-B,Programme cohort,ECT Phase 1 cohort B,running',
    ];
    await run('activities', activities);
    const header =
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN,Role in school,Year groups,Mentor name,Mentor email,Status';
    const file = [
      header,
      'ect-maths-hub,2023/24,ECT-P1-B,cara.ect@school.example,Cara,Jones,140001,Early career teacher,Y2,Sam Patel,Sam.Patel@school.example,registered',
      'ect-maths-hub,2023/24,ECT-P1-B,dan.ect@school.example,Dan,Lee,140001,Early career teacher,Year 6,,ria.mentor@school.example,',
      'ect-maths-hub,2023/24,ECT-P1-B,eve.ect@school.example,Eve,Shah,140001,Early career teacher,Year 1,,,registered',
      'ect-maths-hub,2023/24,ECT-P1-B,fay.ect@school.example,Fay,Khan,140001,Early career teacher,Year 3,Old Mentor,old.mentor@school.example,completed',
    ];

    // A rejected file sends nothing.
    const before = await outboxCount();
    await rejected(
      run('enrolments', [...file, 'ect-maths-hub,2023/24,NOPE,x@school.example,X,Y,,,,,z@school.example,']),
    );
    expect(await outboxCount()).toBe(before);

    // Queued in the import's transaction: not yet visible to another connection.
    const seenAtSend: number[] = [];
    const watching: Mailer = {
      ...t.services.mailer,
      async queue(tx, mail) {
        const [n] = await rows(`SELECT count(*)::int AS n FROM enrolments WHERE mentor_email = $1`, [
          mail.to,
        ]);
        seenAtSend.push(n!.n);
        await t.services.mailer.queue(tx, mail);
      },
    };
    const result = await run('enrolments', file, watching);
    expect(result).toMatchObject({ added: 4, alsoAdded: { mentorsEmailed: 2 } });
    expect(seenAtSend).toEqual([0, 0]);

    const [sam] = await outboxTo('sam.patel@school.example');
    expect(sam!.subject).toBe('Cara Jones is registered for ECT Phase 1 cohort B: you are their mentor');
    expect(sam!.text_body).toContain('Dear Sam Patel,');
    expect(sam!.text_body).toContain(
      'Cara Jones (Brook Primary School) is registered for ECT Phase 1 cohort B, run by ECT Maths Hub in 2023/24.',
    );
    expect(sam!.text_body).toContain('Year groups they teach: Year 2.');
    expect(sam!.text_body).toContain(
      'Next: SKTM Primary Early Career Teachers – Phase 2 (NCP24-28b) in 2024/25.',
    );
    expect(sam!.text_body).toContain('They are not registered for it yet.');
    const [ria] = await outboxTo('ria.mentor@school.example');
    expect(ria!.subject).toBe('Dan Lee is registered for ECT Phase 1 cohort B: you are their mentor');
    expect(ria!.text_body).toContain('Dear mentor,');
    // No mentor, or a completed enrolment (a record of the past): no email.
    expect(await outboxTo('old.mentor@school.example')).toEqual([]);
    const [event] = await rows(
      `SELECT changes FROM event_log WHERE action = 'delivery.enrolments_imported' ORDER BY id DESC LIMIT 1`,
    );
    expect(event!.changes).toMatchObject({ added: 4, mentorsEmailed: 2 });

    // The same file again, or a change to an enrolment already there, emails no one.
    const after = await outboxCount();
    const again = await run('enrolments', file);
    expect(again).toMatchObject({ added: 0, unchanged: 4, alsoAdded: { mentorsEmailed: 0 } });
    const changed = await run(
      'enrolments',
      file.map((line) => line.replace('Sam Patel,Sam.Patel@school.example', 'Kim Wu,kim.wu@school.example')),
    );
    expect(changed).toMatchObject({ added: 0, updated: 1, alsoAdded: { mentorsEmailed: 0 } });
    expect(await outboxCount()).toBe(after);
  });

  it('registers "Both years" for the next phase: enrolled on the hub’s group, or the intent kept until it plans one', async () => {
    const activities = [
      'Hub,Year,NCP,Reference,Kind,Title,Status',
      'ect-maths-hub,2023/24,NCP23-28a,ECT-P1-D,Programme cohort,ECT Phase 1 cohort D,running',
      'other-ect-hub,2023/24,NCP23-28a,ECT-P1-O,Programme cohort,Other ECT Phase 1 cohort,running',
      'other-ect-hub,2023/24,NCP23-09,WG-O,Work Group,Other Work Group,running',
    ];
    await makeNcp(t.db, { code: 'NCP23-09', title: 'TfM Development' });
    await run('activities', activities);
    const header =
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN,Role in school,Year groups,Mentor name,Mentor email,Status,Both years,Withdrawal reason';

    // Problems are reported by line, and nothing is applied.
    const bad = run('enrolments', [
      header,
      'other-ect-hub,2023/24,ECT-P1-O,gil.ect@school.example,Gil,Ross,140001,Early career teacher,Y1,,,,maybe',
      'other-ect-hub,2023/24,WG-O,hal.t@school.example,Hal,Nye,140001,Class teacher,Y4,,,,yes',
      'other-ect-hub,2023/24,ECT-P1-O,ida.ect@school.example,Ida,Moss,140001,Early career teacher,Y2,,,withdrawn,yes,workload',
    ]);
    await expect(bad).rejects.toMatchObject({
      problems: [
        { line: 2, message: expect.stringContaining('‘maybe’ is not yes or no') },
        { line: 3, message: 'Both years: activity WG-O is not the first phase of a two-phase programme' },
        { line: 4, message: 'Both years: a withdrawn participant is not registered for the next year' },
      ],
    });

    // The other hub has no Phase 2 group yet: the intent is recorded, and the mentor told so.
    const intents = await run('enrolments', [
      header,
      'other-ect-hub,2023/24,ECT-P1-O,gil.ect@school.example,Gil,Ross,140001,Early career teacher,Y1,Pat Mentor,pat.mentor@school.example,,yes',
      'other-ect-hub,2023/24,ECT-P1-O,jo.ect@school.example,Jo,Park,140001,Early career teacher,Y2,,,,no',
    ]);
    expect(intents).toMatchObject({
      added: 2,
      alsoAdded: { nextPhaseEnrolments: 0, nextPhaseIntents: 1, mentorsEmailed: 1 },
    });
    const intended = await rows(
      `SELECT p.email FROM event_log ev JOIN enrolments e ON e.id = ev.subject_id::int JOIN people p ON p.id = e.person_id
       WHERE ev.action = 'enrolment.continuation_intended' AND p.email LIKE '%.ect@school.example'`,
    );
    expect(intended).toEqual([{ email: 'gil.ect@school.example' }]);
    const [pat] = await outboxTo('pat.mentor@school.example');
    expect(pat!.text_body).toContain(
      'They registered for both years: the hub will enrol them when its 2024/25 group is set up.',
    );
    // When the hub plans its Phase 2 group, the one who registered for both years is enrolled on it.
    const planned = await run('activities', [
      'Hub,Year,NCP,Reference,Kind,Title,Status',
      'other-ect-hub,2024/25,NCP24-28b,ECT-P2-O,Programme cohort,Other ECT Phase 2 cohort,planned',
    ]);
    // Gil, and Dev, who registered for both years on this hub's first Phase 1 cohort on the page (above).
    expect(planned).toMatchObject({ added: 1, alsoAdded: { continuingEnrolments: 2 } });
    const continuing = await rows(
      `SELECT p.email FROM enrolments e JOIN hub_activities a ON a.id = e.activity_id JOIN people p ON p.id = e.person_id
       WHERE a.reference = 'ECT-P2-O' ORDER BY p.email`,
    );
    expect(continuing).toEqual([{ email: 'dev.phase@example.org' }, { email: 'gil.ect@school.example' }]);

    // This hub has its Phase 2 group: "Both years" enrols on it at once, continuing the Phase 1 enrolment.
    const direct = await run('enrolments', [
      header,
      'ect-maths-hub,2023/24,ECT-P1-D,kit.ect@school.example,Kit,Hart,140001,Early career teacher,Year 5,,,,Yes',
    ]);
    expect(direct).toMatchObject({ added: 1, alsoAdded: { nextPhaseEnrolments: 1, nextPhaseIntents: 0 } });
    const [kit] = await rows(
      `SELECT a.reference, e.school_urn, e.year_groups, first.activity_id IS NOT NULL AS continues
       FROM enrolments e JOIN hub_activities a ON a.id = e.activity_id JOIN people p ON p.id = e.person_id
       LEFT JOIN enrolments first ON first.id = e.continues_enrolment_id
       WHERE p.email = 'kit.ect@school.example' AND e.continues_enrolment_id IS NOT NULL`,
    );
    expect(kit).toEqual({
      reference: 'ECT-P2',
      school_urn: 140001,
      year_groups: ['Year 5'],
      continues: true,
    });
    // The same file again adds nothing, and registers no one twice.
    const again = await run('enrolments', [
      header,
      'ect-maths-hub,2023/24,ECT-P1-D,kit.ect@school.example,Kit,Hart,140001,Early career teacher,Year 5,,,,Yes',
    ]);
    expect(again).toMatchObject({ added: 0, alsoAdded: { nextPhaseEnrolments: 0 } });
  });
});
