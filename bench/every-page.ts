import { readFileSync } from 'node:fs';
import { buildApp, buildServices } from '../src/app.ts';
import { spaceOwner } from '../src/modules/communities/spaces.ts';
import { loadDemoData } from '../src/modules/demo/load-demo.ts';
import { createDocument } from '../src/modules/documents/documents.ts';
import { createSharedPage, editSharedPage } from '../src/modules/documents/pages.ts';
import { recordVisit } from '../src/modules/evaluation/record-visit.ts';
import { publishReport, startReport } from '../src/modules/evaluation/report-write.ts';
import { eventOwner } from '../src/modules/events/event-files.ts';
import { findDuplicates } from '../src/modules/registration/find-duplicates.ts';
import { personActor, systemActor } from '../src/platform/audit.ts';
import { loadConfig } from '../src/platform/config.ts';
import { academicYearOf, todayInEngland } from '../src/platform/dates.ts';
import { silentProgress } from '../src/platform/progress.ts';
import { makeHappiEvidenceFile } from '../test/support/happi-factories.ts';
import { makeInvitation } from '../test/support/survey-factories.ts';
import { benchDatabase, fmt, freePort, load, startFlags, startProcess, stopProcess } from './support.ts';

/** The server time of one request, from the load generator on the same machine (loopback). */
async function timed(url: string, cookie: string | undefined): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

/** Resident memory (MB) of a local process, from /proc; null where /proc cannot be read. */
function rssMb(pid: number): number | null {
  try {
    const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Pages that are not pages: downloads, redirects to other services, and the personal-data file. */
const NOT_PAGES = (url: string) =>
  url.startsWith('/api/') ||
  url.endsWith('.ics') ||
  url.endsWith('.json') ||
  url === '/events/connect/:token' ||
  url.endsWith('/happi/files/:fileId');

const PAGE_AIM_MS = 150;

/**
 * Every page the every-page browser test opens, requested one at a time on the national demonstration
 * data (as `npm start` loads it for today's date) by someone who may see it, on a server with the page
 * cache off: each page's median and p95 server time. Then five of the busiest pages at 50 connections
 * against the bare primary-key route in the same server, with the server's resident memory sampled
 * throughout.
 */
export async function benchEveryPage(serverUrl: string): Promise<string[]> {
  const name = `mh_bench_pages_${process.pid}`;
  const database = await benchDatabase(serverUrl, name);
  const q = async <T>(sql: string, values: unknown[] = []): Promise<T | undefined> =>
    (await database.pool.query(sql, values)).rows[0] as T | undefined;
  try {
    const services = buildServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), database.db);
    await loadDemoData(services, silentProgress);
    const yearCode = academicYearOf(todayInEngland());
    const year = yearCode.replace('/', '-');

    // The hub of the first Maths Hub Lead, and its busiest activity of this year that has sessions.
    const lead = (await q<{ person_id: number; hub_id: number; slug: string }>(
      `SELECT r.person_id, r.hub_id, h.slug FROM role_assignments r JOIN hubs h ON h.id = r.hub_id
       WHERE r.role = 'hub_leadership' AND r.title = 'Maths Hub Lead' ORDER BY r.id LIMIT 1`,
    ))!;
    const activity = (await q<{ id: number; ncp_code: string }>(
      `SELECT a.id, n.code AS ncp_code FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
       WHERE a.hub_id = $1 AND a.year_code = $2
         AND EXISTS (SELECT 1 FROM activity_sessions s WHERE s.activity_id = a.id)
         AND EXISTS (SELECT 1 FROM activity_leads l WHERE l.activity_id = a.id)
         AND a.kind = 'work_group' AND EXISTS (SELECT 1 FROM activity_schools x WHERE x.activity_id = a.id)
       ORDER BY (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id) DESC, a.id LIMIT 1`,
      [lead.hub_id, yearCode],
    ))!;
    const session = (await q<{ id: number }>(
      'SELECT id FROM activity_sessions WHERE activity_id = $1 ORDER BY starts_at LIMIT 1',
      [activity.id],
    ))!;
    const enrolment = (await q<{ id: number; person_id: number; school_urn: number }>(
      `SELECT id, person_id, school_urn FROM enrolments WHERE activity_id = $1 AND status NOT IN ('withdrawn', 'deferred')
       ORDER BY id LIMIT 1`,
      [activity.id],
    ))!;
    const llme = (await q<{ person_id: number }>(
      'SELECT person_id FROM activity_leads WHERE activity_id = $1 ORDER BY person_id LIMIT 1',
      [activity.id],
    ))!;
    const admin = (await q<{ person_id: number }>(
      `SELECT person_id FROM role_assignments WHERE role = 'national_admin' ORDER BY id LIMIT 1`,
    ))!;
    // A school's contact is a role of the school (no hub): the first of a school taking part in the hub's activities.
    const contact = await q<{ person_id: number; school_urn: number }>(
      `SELECT r.person_id, r.school_urn FROM role_assignments r WHERE r.role = 'school_contact'
       ORDER BY EXISTS (SELECT 1 FROM activity_schools x JOIN hub_activities a ON a.id = x.activity_id
                        WHERE x.school_urn = r.school_urn AND a.hub_id = $1) DESC, r.id LIMIT 1`,
      [lead.hub_id],
    );
    const isp = await q<{ person_id: number }>(
      `SELECT person_id FROM role_assignments WHERE role = 'intensive_support_partner' AND hub_id = $1 ORDER BY id LIMIT 1`,
      [lead.hub_id],
    );
    const role = (await q<{ id: number }>('SELECT id FROM role_assignments WHERE person_id = $1 LIMIT 1', [
      enrolment.person_id,
    ]))!;

    // The few records the demonstration does not hold, made through the product's own use cases (or the
    // tests' factories for what only an upload or an email makes): a visit, an evaluation report with an
    // action, a HAPPI evidence file and a survey invitation's link.
    const { visitId } = await recordVisit(database.db, personActor(llme.person_id), {
      activityId: activity.id,
      schoolUrn: (await q<{ urn: number }>(
        `SELECT school_urn AS urn FROM activity_schools WHERE activity_id = $1 ORDER BY status = 'withdrawn', id LIMIT 1`,
        [activity.id],
      ))!.urn,
      visitedOn: todayInEngland(),
      visitorIds: [llme.person_id],
      yearGroups: ['Year 3'],
      classesSeen: '3A',
      focus: 'Fluency',
      notes: 'Pupils explained their reasoning.',
      actions: [
        {
          id: null,
          description: 'Plan the next visit',
          ownerPersonId: llme.person_id,
          ownerText: null,
          dueOn: todayInEngland(),
          status: 'open',
        },
      ],
      removedActionIds: [],
    });
    const report = (title: string) => ({
      title,
      yearCode,
      ncpKey: null,
      researchQuestions: ['Do participants see their pathway?'],
      context: 'The hub runs Work Groups across its area.',
      activityAndData: 'Sessions visited.',
      conclusion: 'Make the pathway clear at session 1.',
      themes: [
        {
          finding: 'Few participants knew the commitment.',
          implications: [
            { text: 'Outline the commitment.', ownerPersonId: llme.person_id, dueOn: todayInEngland() },
          ],
        },
      ],
      evidence: [],
      coauthorPersonIds: [llme.person_id],
    });
    const draft = await startReport(database.db, systemActor('bench'), {
      hubId: lead.hub_id,
      content: report('A draft'),
    });
    const published = await startReport(database.db, systemActor('bench'), {
      hubId: lead.hub_id,
      content: report('Published'),
    });
    const [actionId] = (
      await publishReport(database.db, systemActor('bench'), { reportId: published.reportId, version: 1 })
    ).actionIds;
    const { fileId } = await makeHappiEvidenceFile(database.db, {
      activityId: activity.id,
      hubId: lead.hub_id,
      yearCode,
      personId: llme.person_id,
    });
    const template = (await q<{ id: number }>('SELECT id FROM survey_templates ORDER BY id LIMIT 1'))!;
    const { invitation, token } = await makeInvitation(database.db, {
      templateId: template.id,
      activityId: activity.id,
      hubId: lead.hub_id,
      personId: enrolment.person_id,
      yearCode,
    });

    // A document in the hub's LLME community space (whose conversation the demo made) and on the event.
    const pdf = {
      filename: 'plan.pdf',
      bytes: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    };
    const store = { store: services.documentStore };
    const hubSpace = await q<{ id: number }>(
      `SELECT id FROM community_spaces WHERE kind = 'hub' AND ref_id = $1`,
      [lead.hub_id],
    );
    const spaceDocument = hubSpace
      ? await createDocument(
          database.db,
          personActor(lead.person_id),
          { ...spaceOwner(hubSpace.id), title: 'Lesson study plan', file: pdf },
          store,
        )
      : undefined;
    // A shared page of that space, edited once (its page, a revision and its edit form).
    const sharedPage = hubSpace
      ? await createSharedPage(database.db, personActor(lead.person_id), {
          ...spaceOwner(hubSpace.id),
          title: 'Agreed approaches',
          body: 'We **agree**:\n\n- a number talk first\n- then the prompts',
        })
      : undefined;
    if (sharedPage)
      await editSharedPage(database.db, personActor(lead.person_id), {
        pageId: sharedPage.pageId,
        version: sharedPage.version,
        body: 'We **agree**, mostly.',
      });
    // An expression of interest waiting for the hub (its decline page), as the every-page test makes it.
    await database.pool.query(
      `INSERT INTO interests (activity_id, hub_id, person_id, school_urn)
       SELECT $1, $2, p.id, p.school_urn FROM people p
       WHERE p.school_urn IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.activity_id = $1 AND e.person_id = p.id)
       ORDER BY p.id LIMIT 1`,
      [activity.id, lead.hub_id],
    );
    // Two records that look like one person (the merge's confirmation page).
    const [pair] = (await findDuplicates(database.db, { kind: 'all' }, { page: 1, pageSize: 1 })).pairs;
    // Another activity the Work Group Lead leads whose plan they may still write (no form, or a plan in
    // draft or returned: the plan's form); the first has the evidence file's form.
    const planActivity = await q<{ id: number }>(
      `SELECT a.id FROM hub_activities a JOIN activity_leads l ON l.activity_id = a.id
       WHERE l.person_id = $1 AND a.id <> $2
         AND NOT EXISTS (SELECT 1 FROM happi_forms f WHERE f.activity_id = a.id
                         AND NOT (f.section = 'plan' AND f.status IN ('draft', 'returned')))
       ORDER BY a.year_code DESC, a.id LIMIT 1`,
      [llme.person_id, activity.id],
    );
    const eventRow = await q<{ id: number }>(
      'SELECT id FROM programme_events WHERE hub_id = $1 ORDER BY starts_at DESC LIMIT 1',
      [lead.hub_id],
    );
    const eventDocument = eventRow
      ? await createDocument(
          database.db,
          personActor(lead.person_id),
          { ...eventOwner(eventRow.id), title: 'Agenda', file: pdf },
          store,
        )
      : undefined;
    const one = async (sql: string, values: unknown[] = []) => {
      const row = await q<{ id: number | string }>(sql, values);
      return row ? String(row.id) : undefined;
    };
    const params: Record<string, string | undefined> = {
      year,
      slug: lead.slug,
      hubId: String(lead.hub_id),
      code: (await one('SELECT la_code AS id FROM schools WHERE urn = $1', [enrolment.school_urn]))!,
      ncpCode: activity.ncp_code,
      activityId: String(activity.id),
      sessionId: String(session.id),
      enrolmentId: String(enrolment.id),
      urn: String(enrolment.school_urn),
      personId: String(enrolment.person_id),
      roleId: String(role.id),
      visitId: String(visitId),
      reportId: String(draft.reportId),
      actionId: String(actionId),
      fileId: String(fileId),
      templateId: String(template.id),
      invitationId: String(invitation.id),
      surveyToken: token,
      eventId: await one(
        `SELECT id FROM programme_events WHERE hub_id = $1 ORDER BY starts_at DESC LIMIT 1`,
        [lead.hub_id],
      ),
      interestId: await one(
        `SELECT id FROM interests WHERE hub_id = $1 AND status = 'open' ORDER BY id LIMIT 1`,
        [lead.hub_id],
      ),
      claimId: await one('SELECT id FROM funding_claims WHERE hub_id = $1 ORDER BY id LIMIT 1', [
        lead.hub_id,
      ]),
      referralId: await one(`SELECT id FROM ts_referrals WHERE status = 'waiting' ORDER BY id LIMIT 1`),
      pageId: sharedPage ? String(sharedPage.pageId) : undefined,
      revision: '1',
      partnershipId: await one('SELECT id FROM ts_partnerships ORDER BY id LIMIT 1'),
      applicationId: await one(
        'SELECT id FROM programme_applications WHERE hub_id = $1 ORDER BY id LIMIT 1',
        [lead.hub_id],
      ),
      meetingId: await one(
        'SELECT id FROM llme_community_meetings WHERE hub_id = $1 ORDER BY held_on DESC LIMIT 1',
        [lead.hub_id],
      ),
      space: hubSpace ? `hub-${lead.hub_id}` : undefined,
      threadId: hubSpace
        ? await one('SELECT id FROM community_threads WHERE space_id = $1 ORDER BY id LIMIT 1', [hubSpace.id])
        : undefined,
      messageId: hubSpace
        ? await one(
            'SELECT m.id FROM community_messages m JOIN community_threads t ON t.id = m.thread_id WHERE t.space_id = $1 ORDER BY m.id LIMIT 1',
            [hubSpace.id],
          )
        : undefined,
      reinstateUrn: await one(
        `SELECT school_urn AS id FROM activity_schools WHERE status = 'withdrawn' AND activity_id IN
           (SELECT id FROM hub_activities WHERE hub_id = $1) LIMIT 1`,
        [lead.hub_id],
      ),
      reinstateEnrolmentId: await one(
        `SELECT id FROM enrolments WHERE status IN ('withdrawn', 'deferred') AND activity_id IN
           (SELECT id FROM hub_activities WHERE hub_id = $1) LIMIT 1`,
        [lead.hub_id],
      ),
    };
    const reinstateActivity = async (kind: 'urn' | 'enrolment') =>
      kind === 'urn'
        ? one(
            'SELECT activity_id AS id FROM activity_schools WHERE school_urn = $1 AND status = $2 LIMIT 1',
            [params.reinstateUrn, 'withdrawn'],
          )
        : one('SELECT activity_id AS id FROM enrolments WHERE id = $1', [params.reinstateEnrolmentId]);

    // The app's own route catalogue, as the every-page browser test reads it.
    const app = await buildApp(services);
    await app.ready();
    const routes = app.routeCatalogue
      .filter((r) => r.method === 'GET' && !NOT_PAGES(r.url))
      .map((r) => r.url);
    await app.close();
    const urls: { route: string; url: string | null; why?: string }[] = [];
    for (const route of routes) {
      let missing: string | undefined;
      let activityFor: string | undefined;
      if (route.endsWith('/reinstate'))
        activityFor = await reinstateActivity(route.includes(':urn') ? 'urn' : 'enrolment');
      if (route.endsWith('/happi/plan') && planActivity) activityFor = String(planActivity.id);
      const url = route.replace(/:(\w+)/g, (_m, key: string) => {
        let value: string | undefined;
        if (key === 'id') {
          if (route.startsWith('/admin/hubs')) value = params.hubId;
          else if (route.startsWith('/activities')) value = activityFor ?? params.activityId;
          else if (/^\/(organise\/)?events/.test(route)) value = params.eventId;
          else value = params.personId;
        } else if (key === 'code') value = route.includes('/catalogue/') ? params.ncpCode : params.code;
        else if (key === 'documentId' || key === 'versionId') {
          const document = route.startsWith('/communities/') ? spaceDocument : eventDocument;
          value = document
            ? String(key === 'documentId' ? document.documentId : document.versionId)
            : undefined;
        } else if (route.endsWith('/reinstate') && (key === 'urn' || key === 'enrolmentId'))
          value = key === 'urn' ? params.reinstateUrn : params.reinstateEnrolmentId;
        else value = params[key];
        if (!value) missing ??= key;
        return value ?? '';
      });
      // Pages whose record is in the query: the merge's confirmation (two records) and registering
      // interest (an activity); without it, each sends you on to choose one.
      const queries: Record<string, string | undefined> = {
        '/admin/people/duplicates/merge': pair && `?keepPersonId=${pair.a.id}&mergePersonId=${pair.b.id}`,
        '/register-interest': `?activity=${activity.id}`,
      };
      const query = queries[url] ?? '';
      urls.push(
        missing ? { route, url: null, why: `no record for :${missing}` } : { route, url: url + query },
      );
    }

    const port = await freePort();
    const url = `${database.url}${database.url.includes('?') ? '&' : '?'}application_name=mh_bench_pages`;
    const people = [
      admin.person_id,
      lead.person_id,
      llme.person_id,
      enrolment.person_id,
      contact?.person_id,
      isp?.person_id,
    ].filter((id): id is number => id !== undefined);
    const server = await startProcess(
      [...startFlags, 'bench/server.ts'],
      {
        DATABASE_URL: url,
        PORT: String(port),
        PAGE_CACHE_MB: '0',
        BENCH_PERSON_IDS: people.join(','),
      },
      /ready/,
    );
    const cookies = new Map<number, string>();
    for (const match of server.output().matchAll(/cookie (\d+) (\S+)/g))
      cookies.set(Number(match[1]), match[2]!);
    const base = `http://127.0.0.1:${port}`;
    const roleNames = new Map<number, string>([
      [admin.person_id, 'national administrator'],
      [lead.person_id, 'Maths Hub Lead'],
      [llme.person_id, 'Work Group Lead'],
      [enrolment.person_id, 'participant'],
      ...(contact ? ([[contact.person_id, 'school contact']] as const) : []),
      ...(isp ? ([[isp.person_id, 'Intensive Support Partner']] as const) : []),
    ]);
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(server.child.pid!) ?? 0);
    }, 200);
    try {
      const ROUNDS = 9;
      const measured: { route: string; who: string; median: number; p95: number }[] = [];
      const notMeasured: { route: string; why: string }[] = [];
      for (const page of urls) {
        if (!page.url) {
          notMeasured.push({ route: page.route, why: page.why! });
          continue;
        }
        const isPublic = page.route.startsWith('/sign') || page.route === '/';
        // A hub's pages as its Maths Hub Lead (the national team is asked to choose a hub first).
        const hubFirst = page.route.startsWith('/hub/') ? [lead.person_id] : [];
        const candidates: (number | null)[] = isPublic ? [null] : [null, ...hubFirst, ...people];
        let who: number | null | undefined;
        let lastStatus = 0;
        for (const person of candidates) {
          const cookie = person === null ? undefined : cookies.get(person);
          const { status } = await timed(`${base}${page.url}`, cookie);
          lastStatus = status;
          if (status < 300) {
            who = person;
            break;
          }
        }
        if (who === undefined) {
          notMeasured.push({ route: page.route, why: `answered ${lastStatus} to everyone` });
          continue;
        }
        const cookie = who === null ? undefined : cookies.get(who);
        const times: number[] = [];
        for (let i = 0; i < ROUNDS + 1; i++) {
          const { ms } = await timed(`${base}${page.url}`, cookie);
          if (i > 0) times.push(ms);
        }
        measured.push({
          route: page.route,
          who: who === null ? 'anyone' : roleNames.get(who)!,
          median: quantile(times, 0.5),
          p95: quantile(times, 0.95),
        });
      }
      measured.sort((a, b) => b.p95 - a.p95);
      const over = measured.filter((m) => m.median > PAGE_AIM_MS);

      // At 50 connections: the busiest pages against the bare primary-key route of the same server.
      const urns = await database.pool.query<{ urn: number }>(
        'SELECT urn FROM schools ORDER BY md5(urn::text) LIMIT 100',
      );
      const leadCookie = { cookie: cookies.get(lead.person_id)! };
      const sessions = await database.pool.query<{ activity_id: number; id: number }>(
        `SELECT s.activity_id, s.id FROM activity_sessions s JOIN hub_activities a ON a.id = s.activity_id
         WHERE a.hub_id = $1 AND a.year_code = $2 ORDER BY s.id LIMIT 100`,
        [lead.hub_id, yearCode],
      );
      const postcodes = await database.pool.query<{ postcode: string }>(
        `SELECT postcode FROM schools WHERE postcode IS NOT NULL ORDER BY md5(urn::text) LIMIT 100`,
      );
      const busy: { label: string; paths: string[]; headers: Record<string, string> }[] = [
        {
          label: 'bare primary-key query (baseline)',
          paths: urns.rows.map((u) => `/bench/pk/${u.urn}`),
          headers: {},
        },
        {
          label: "`GET /hub/activities` (the hub's activity list)",
          paths: [`/hub/activities?year=${year}`],
          headers: leadCookie,
        },
        {
          label: '`GET /activities/:id/sessions/:sessionId` (a register)',
          paths: sessions.rows.map((s) => `/activities/${s.activity_id}/sessions/${s.id}`),
          headers: leadCookie,
        },
        {
          label: "`GET /hub/schools` (the hub's schools)",
          paths: [`/hub/schools?year=${year}`],
          headers: leadCookie,
        },
        {
          label: '`GET /hub/dashboard` (the hub dashboard)',
          paths: [`/hub/dashboard?year=${year}`],
          headers: leadCookie,
        },
        {
          label: '`GET /find-your-hub` (a search by postcode)',
          paths: postcodes.rows.map((p) => `/find-your-hub?q=${encodeURIComponent(p.postcode)}`),
          headers: {},
        },
      ];
      for (const step of busy) await load(base, step.paths, 10, 1, step.headers);
      const rps = busy.map(() => [] as number[]);
      const p99 = busy.map(() => [] as number[]);
      let failures = 0;
      for (let round = 0; round < 2; round++) {
        for (const [i, step] of busy.entries()) {
          const result = await load(base, step.paths, 50, 5, step.headers);
          rps[i]!.push(result.rps);
          p99[i]!.push(result.p99);
          failures += result.errors + result.non2xx;
        }
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const baseline = mean(rps[0]!);
      const ratios = busy.map((_, i) => mean(rps[i]!) / baseline);
      const busyMet = ratios.slice(1).every((r) => r >= 0.25);
      return [
        `### Every page made afresh, one at a time (national demonstration data, ${yearCode}; page cache off)`,
        '',
        `${measured.length} pages of the every-page browser test's route catalogue, each requested ${ROUNDS} times (after one`,
        'warm-up) by the first who may open it of: a national administrator (for a hub’s pages, its Maths Hub Lead first), the Maths Hub Lead, a Work Group Lead, a participant, a school',
        `contact and an Intensive Support Partner; worst p95 first. Aim: none over ${PAGE_AIM_MS} ms (median):`,
        `**${over.length === 0 ? 'met' : `not met: ${over.length} over`}**. Slowest median ${fmt(measured[0] ? Math.max(...measured.map((m) => m.median)) : 0, 0)} ms.`,
        '',
        '| page | seen as | median (ms) | p95 (ms) |',
        '|---|---|---:|---:|',
        ...measured.map((m) => `| \`${m.route}\` | ${m.who} | ${fmt(m.median, 1)} | ${fmt(m.p95, 1)} |`),
        '',
        ...(notMeasured.length
          ? ['Not measured:', '', ...notMeasured.map((n) => `- \`${n.route}\`: ${n.why}`), '']
          : []),
        '### The busiest pages made afresh at 50 connections (page cache off)',
        '',
        '| route | requests/s | p99 latency (ms) | ratio to the primary-key route |',
        '|---|---:|---:|---:|',
        ...busy.map(
          (step, i) =>
            `| ${step.label} | ${fmt(mean(rps[i]!), 0)} | ${fmt(Math.max(...p99[i]!), 0)} | ${i === 0 ? '1' : fmt(ratios[i]!)} |`,
        ),
        '',
        `Aim: each at least 0.25 of the baseline: **${busyMet ? 'met' : 'not met'}**. Failed or non-2xx responses: ${failures}.`,
        '',
        '### Memory',
        '',
        `The server's peak resident memory while serving every page and the 50-connection runs above: ${fmt(peakRss, 0)} MB.`,
        `Aim: under 300 MB: **${peakRss > 0 && peakRss < 300 ? 'met' : peakRss === 0 ? 'not measured (no /proc)' : 'not met'}**.`,
        '',
      ];
    } finally {
      clearInterval(sampler);
      await stopProcess(server.child);
    }
  } finally {
    await database.drop();
  }
}
