import { sql } from 'drizzle-orm';
import { type Actor, recordEvent, systemActor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { formatDate } from '../../platform/dates.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import { paths } from '../../platform/paths.ts';
import { randomToken, sha256 } from '../../platform/tokens.ts';
import { surveyKindNames } from './survey-rules.ts';
import { type SurveyKind, surveyInvitations } from './survey-schema.ts';

export interface SurveyMailDeps {
  mailer: Mailer;
  /** The site's address for links in emails (`PUBLIC_URL`). */
  publicUrl: string;
}

/** A new link to a survey: the token (emailed, never stored) and its hash (stored). */
export function newSurveyToken(): { token: string; tokenHash: string } {
  const token = randomToken(24);
  return { token, tokenHash: sha256(token) };
}

export const surveyLink = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/$/, '')}${paths.evaluation.surveys.answer(token)}`;

/** The email asking a person to answer (or reminding them), with their own link. */
export function surveyMail(
  to: { email: string; givenName: string },
  about: { activityTitle: string; surveyTitle: string; closesOn: string },
  link: string,
  reminder: boolean,
) {
  return {
    to: to.email,
    subject: reminder
      ? `Reminder: please answer the survey about ${about.activityTitle}`
      : `Please answer the survey about ${about.activityTitle}`,
    text: [
      `Dear ${to.givenName},`,
      '',
      reminder
        ? `We have not yet had your answers to “${about.surveyTitle}” about ${about.activityTitle}. It takes a few minutes, and every answer helps the Maths Hubs programme see what difference it makes.`
        : `Please answer “${about.surveyTitle}” about ${about.activityTitle}. It takes a few minutes, and every answer helps the Maths Hubs programme see what difference it makes.`,
      '',
      `Answer the survey: ${link}`,
      '',
      `The link is yours alone: please do not share it. You can change your answers until the survey closes on ${formatDate(about.closesOn)}.`,
      reminder ? 'This link replaces the one we sent before.' : '',
      '',
      'You can also sign in and open “Your surveys”.',
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n'),
  };
}

export interface IssueResult {
  invitations: number;
  /** Per year and kind whose window is open: what was issued. */
  runs: { yearCode: string; kind: SurveyKind; invitations: number }[];
}

type Candidate = {
  template_id: number;
  template_title: string;
  activity_id: number;
  activity_title: string;
  hub_id: number;
  person_id: number;
  enrolment_id: number | null;
  email: string;
  given_name: string;
  year_code: string;
  kind: SurveyKind;
  closes_on: string;
};

/**
 * Issues the surveys due today: for every window open today (optionally one year and kind), every
 * activity of its year (not cancelled) whose NCP has a published template of its kind is surveyed,
 * with the newest published version. One invitation per person who takes part (participants: the
 * enrolments not withdrawn or deferred; the LLMEs' survey: the activity's leads), never twice (a unique
 * index), each with its own link (only its hash kept) emailed through the outbox in the same transaction.
 */
export async function issueDueSurveys(
  db: Executor,
  query: { today: string; yearCode?: string; kind?: SurveyKind },
  deps: SurveyMailDeps,
  actor: Actor = systemActor('survey-issue'),
): Promise<IssueResult> {
  const result = await db.transaction(async (tx) => {
    // One run at a time (the daily job and "Issue now"); the unique index would refuse a second anyway.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('survey_issue'))`);
    const { rows } = await tx.execute<Candidate>(sql`
      WITH open_windows AS (
        SELECT w.year_code, w.kind, w.closes_on::text AS closes_on FROM survey_windows w
        WHERE w.opens_on <= ${query.today}::date AND w.closes_on >= ${query.today}::date
          AND (${query.yearCode ?? null}::text IS NULL OR w.year_code = ${query.yearCode ?? null})
          AND (${query.kind ?? null}::text IS NULL OR w.kind = ${query.kind ?? null})
      ),
      surveyed AS (
        SELECT ow.year_code, ow.kind, ow.closes_on, ha.id AS activity_id, ha.title AS activity_title, ha.hub_id,
          t.id AS template_id, t.title AS template_title
        FROM open_windows ow
        JOIN hub_activities ha ON ha.year_code = ow.year_code AND ha.status <> 'cancelled'
        JOIN ncps n ON n.id = ha.ncp_id
        JOIN LATERAL (
          SELECT st.id, st.title FROM survey_templates st
          WHERE st.ncp_key = regexp_replace(n.code, '^NCP\\d\\d-', '') AND st.kind = ow.kind
            AND st.published_at IS NOT NULL
          ORDER BY st.version DESC LIMIT 1
        ) t ON true
      ),
      takers AS (
        SELECT s.*, e.person_id, e.id AS enrolment_id FROM surveyed s
        JOIN enrolments e ON e.activity_id = s.activity_id AND e.status NOT IN ('withdrawn', 'deferred')
        WHERE s.kind IN ('participant_early', 'participant_summer')
        UNION ALL
        SELECT s.*, l.person_id, NULL::int AS enrolment_id FROM surveyed s
        JOIN activity_leads l ON l.activity_id = s.activity_id
        WHERE s.kind = 'llme_end_of_year'
      )
      SELECT DISTINCT ON (tk.activity_id, tk.person_id, tk.kind)
        tk.template_id, tk.template_title, tk.activity_id, tk.activity_title, tk.hub_id, tk.person_id,
        tk.enrolment_id, p.email, p.given_name, tk.year_code, tk.kind, tk.closes_on
      FROM takers tk JOIN people p ON p.id = tk.person_id
      WHERE p.erased_at IS NULL AND p.merged_into_person_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM survey_invitations i
          WHERE i.activity_id = tk.activity_id AND i.person_id = tk.person_id AND i.kind = tk.kind)
      ORDER BY tk.activity_id, tk.person_id, tk.kind, tk.enrolment_id`);

    const runs = new Map<
      string,
      { yearCode: string; kind: SurveyKind; invitations: number; activityIds: Set<number> }
    >();
    let issued = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map((c) => ({ c, ...newSurveyToken() }));
      const inserted = await tx
        .insert(surveyInvitations)
        .values(
          chunk.map(({ c, tokenHash }) => ({
            templateId: c.template_id,
            activityId: c.activity_id,
            hubId: c.hub_id,
            personId: c.person_id,
            enrolmentId: c.enrolment_id,
            yearCode: c.year_code,
            kind: c.kind,
            tokenHash,
          })),
        )
        .onConflictDoNothing()
        .returning({ tokenHash: surveyInvitations.tokenHash });
      const done = new Set(inserted.map((r) => r.tokenHash));
      for (const { c, token, tokenHash } of chunk) {
        if (!done.has(tokenHash)) continue;
        issued++;
        await deps.mailer.queue(
          tx,
          surveyMail(
            { email: c.email, givenName: c.given_name },
            { activityTitle: c.activity_title, surveyTitle: c.template_title, closesOn: c.closes_on },
            surveyLink(deps.publicUrl, token),
            false,
          ),
        );
        const key = `${c.year_code} ${c.kind}`;
        const run = runs.get(key) ?? {
          yearCode: c.year_code,
          kind: c.kind,
          invitations: 0,
          activityIds: new Set(),
        };
        run.invitations++;
        run.activityIds.add(c.activity_id);
        runs.set(key, run);
      }
    }
    for (const run of runs.values()) {
      await recordEvent(tx, actor, {
        action: 'survey.issued',
        subjectType: 'survey_issue',
        subjectId: `${run.yearCode} ${run.kind}`,
        changes: {
          yearCode: run.yearCode,
          kind: run.kind,
          invitations: run.invitations,
          activityIds: [...run.activityIds].sort((a, b) => a - b),
        },
      });
    }
    return {
      invitations: issued,
      runs: [...runs.values()].map(({ yearCode, kind, invitations }) => ({ yearCode, kind, invitations })),
    };
  });
  if (result.invitations) deps.mailer.kick();
  return result;
}

/**
 * "Issue now" (national administrators): the surveys of one year and kind, refused with a clear message
 * when its window is not open today.
 */
export async function issueNow(
  db: Executor,
  actor: Actor,
  input: { yearCode: string; kind: SurveyKind; today: string },
  deps: SurveyMailDeps,
): Promise<IssueResult> {
  const { rows } = await db.execute<{ opens_on: string; closes_on: string }>(sql`
    SELECT opens_on::text, closes_on::text FROM survey_windows WHERE year_code = ${input.yearCode} AND kind = ${input.kind}`);
  const w = rows[0];
  const what = `${surveyKindNames[input.kind]} survey of ${input.yearCode}`;
  if (!w) throw new ValidationError([{ field: 'kind', message: `Set the window of the ${what} first` }]);
  if (w.opens_on > input.today)
    throw new ValidationError([{ field: 'kind', message: `The ${what} opens on ${formatDate(w.opens_on)}` }]);
  if (w.closes_on < input.today)
    throw new ValidationError([
      { field: 'kind', message: `The ${what} closed on ${formatDate(w.closes_on)}` },
    ]);
  return issueDueSurveys(db, { today: input.today, yearCode: input.yearCode, kind: input.kind }, deps, actor);
}
