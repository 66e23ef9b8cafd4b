import { type SQL, sql } from 'drizzle-orm';
import { type Actor, recordEvent, systemActor } from '../../platform/audit.ts';
import type { BlobStore } from '../../platform/blob-store.ts';
import type { Database, Executor } from '../../platform/database.ts';
import {
  DELETED_DOCUMENT_DAYS,
  deletedDocumentFilesDue,
  eraseDeletedDocumentFiles,
} from '../documents/erase-deleted-files.ts';
import { erasePerson } from './erase-person.ts';

/**
 * The retention schedule (docs/privacy.md), as rules the scheduled job and `mathshubs privacy
 * retention` run. Each rule counts what it would change (a dry run) or changes it (apply), as of a
 * moment `now` (so tests can date records). Every rule is applied in its own transaction with an
 * event-log row giving the count.
 */
export interface RetentionRule {
  id: string;
  /** What is kept and for how long, as the schedule says it. */
  record: string;
  period: string;
  action: 'delete' | 'clear' | 'anonymise';
  /** The rows the rule applies to at `now`: a query selecting `id`. */
  due(now: Date): SQL;
  /** Applies the rule to the rows `due` selects, in one statement (not used by the people rule). */
  apply?(now: Date): SQL;
  /**
   * Applies the rule by calling its owner's use case, for what one statement cannot do (files in the
   * document store); returns how many it changed.
   */
  run?(db: Database, services: RetentionServices, now: Date): Promise<number>;
}

/** What applying the schedule needs beyond the database: the store of documents' files (ADR 0010). */
export interface RetentionServices {
  documentStore: BlobStore;
}

/** Six years without activity: then a person is anonymised with the erasure use case. */
export const INACTIVE_YEARS = 6;

const ts = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/**
 * A person's last activity: when the record was made, their own actions in the event log (signing
 * in included), their enrolments, attendance, places and events, and the end of any role. People
 * holding a current national or hub leadership role are staff accounts, ended by the national team,
 * and never anonymised by this rule.
 */
const inactivePeople = (now: Date) => {
  // "The latest of these is before the cut-off" written as "none of them is on or after it": each test
  // is an anti-join the planner runs once over the table, not a subquery run for every person (6.7 s
  // for the 36,817 people of the demonstration, bench/RESULTS.md).
  const cutoff = sql`(${ts(now)} - make_interval(years => ${INACTIVE_YEARS}))`;
  return sql`
  SELECT p.id FROM people p
  WHERE p.erased_at IS NULL
    AND p.created_at < ${cutoff}
    AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id
      AND r.role IN ('national_admin', 'national_analyst', 'hub_leadership')
      AND (r.ends_on IS NULL OR r.ends_on > (${ts(now)} AT TIME ZONE 'Europe/London')::date))
    AND NOT EXISTS (SELECT 1 FROM event_log g WHERE g.actor_person_id = p.id AND g.occurred_at >= ${cutoff})
    AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id
      AND (e.registered_at >= ${cutoff} OR e.completed_on::timestamptz >= ${cutoff}))
    AND NOT EXISTS (SELECT 1 FROM attendance_marks m JOIN enrolments e ON e.id = m.enrolment_id
      JOIN activity_sessions s ON s.id = m.session_id WHERE e.person_id = p.id AND s.starts_at >= ${cutoff})
    AND NOT EXISTS (SELECT 1 FROM event_places pl JOIN programme_events e ON e.id = pl.event_id
      WHERE pl.person_id = p.id AND e.starts_at >= ${cutoff})
    AND NOT EXISTS (SELECT 1 FROM activity_leads l JOIN hub_activities a ON a.id = l.activity_id
      WHERE l.person_id = p.id AND a.ends_on::timestamptz >= ${cutoff})
    AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id
      AND coalesce(r.ends_on, r.starts_on)::timestamptz >= ${cutoff})`;
};

export const retentionRules: RetentionRule[] = [
  {
    id: 'event-requirements',
    record: 'Access, dietary and other requirements given for an event place',
    period: 'One month after the event ends',
    action: 'clear',
    due: (now) => sql`SELECT p.id FROM event_places p JOIN programme_events e ON e.id = p.event_id
      WHERE e.ends_at < ${ts(now)} - interval '1 month'
        AND (p.dietary IS NOT NULL OR p.access IS NOT NULL OR p.other_requirements IS NOT NULL)`,
    apply: (now) => sql`UPDATE event_places p SET dietary = NULL, access = NULL, other_requirements = NULL
      FROM programme_events e WHERE e.id = p.event_id AND e.ends_at < ${ts(now)} - interval '1 month'
        AND (p.dietary IS NOT NULL OR p.access IS NOT NULL OR p.other_requirements IS NOT NULL)`,
  },
  {
    id: 'sign-in-codes',
    record: 'Sign-in codes (hashes)',
    period: 'At once when used or expired',
    action: 'delete',
    due: (now) => sql`SELECT id FROM sign_in_codes WHERE used_at IS NOT NULL OR expires_at <= ${ts(now)}`,
    apply: (now) => sql`DELETE FROM sign_in_codes WHERE used_at IS NOT NULL OR expires_at <= ${ts(now)}`,
  },
  {
    id: 'sessions',
    record: 'Sign-in sessions',
    period: 'When they expire',
    action: 'delete',
    due: (now) => sql`SELECT id FROM sessions WHERE expires_at <= ${ts(now)}`,
    apply: (now) => sql`DELETE FROM sessions WHERE expires_at <= ${ts(now)}`,
  },
  {
    id: 'rate-limit-hits',
    record: 'Counted sign-in attempts (hashed email and IP addresses)',
    period: 'Two days',
    action: 'delete',
    due: (now) => sql`SELECT id FROM rate_limit_hits WHERE occurred_at < ${ts(now)} - interval '2 days'`,
    apply: (now) => sql`DELETE FROM rate_limit_hits WHERE occurred_at < ${ts(now)} - interval '2 days'`,
  },
  {
    id: 'outbox-bodies',
    record: 'The text of emails sent (outbox)',
    period: '90 days',
    action: 'clear',
    due: (now) =>
      sql`SELECT id FROM outbox WHERE created_at < ${ts(now)} - interval '90 days' AND text_body <> ''`,
    apply: (now) =>
      sql`UPDATE outbox SET text_body = '' WHERE created_at < ${ts(now)} - interval '90 days' AND text_body <> ''`,
  },
  {
    id: 'outbox-rows',
    record: 'The record of emails sent (address, subject, when)',
    period: 'Two years',
    action: 'delete',
    due: (now) => sql`SELECT id FROM outbox WHERE created_at < ${ts(now)} - interval '2 years'`,
    apply: (now) => sql`DELETE FROM outbox WHERE created_at < ${ts(now)} - interval '2 years'`,
  },
  {
    id: 'event-emails',
    record: 'Event emails queued for people (which email, when sent)',
    period: 'One year after being sent',
    action: 'delete',
    due: (now) => sql`SELECT id FROM event_notifications WHERE sent_at < ${ts(now)} - interval '1 year'`,
    apply: (now) => sql`DELETE FROM event_notifications WHERE sent_at < ${ts(now)} - interval '1 year'`,
  },
  {
    id: 'revoked-secrets',
    record: 'Revoked API tokens and calendar feeds',
    period: 'One year after being revoked',
    action: 'delete',
    due: (now) => sql`SELECT id FROM api_tokens WHERE revoked_at < ${ts(now)} - interval '1 year'
      UNION ALL SELECT id FROM calendar_feeds WHERE revoked_at < ${ts(now)} - interval '1 year'`,
    apply: (
      now,
    ) => sql`WITH a AS (DELETE FROM api_tokens WHERE revoked_at < ${ts(now)} - interval '1 year' RETURNING 1),
      c AS (DELETE FROM calendar_feeds WHERE revoked_at < ${ts(now)} - interval '1 year' RETURNING 1)
      SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM c) AS n`,
  },
  {
    id: 'deleted-document-files',
    record: 'The files of deleted documents (the record of each version, who and when, stays)',
    period: `${DELETED_DOCUMENT_DAYS} days after the document is deleted`,
    action: 'delete',
    due: deletedDocumentFilesDue,
    run: (db, services, now) => eraseDeletedDocumentFiles(db, { store: services.documentStore }, now),
  },
  {
    id: 'inactive-people',
    record: 'People with no activity (their personal data)',
    period: `${INACTIVE_YEARS} years after their last activity`,
    action: 'anonymise',
    due: inactivePeople,
  },
];

export interface RuleOutcome {
  id: string;
  record: string;
  period: string;
  action: RetentionRule['action'];
  count: number;
}

/** What each rule would change at `now`, changing nothing. */
export async function retentionDryRun(db: Executor, now = new Date()): Promise<RuleOutcome[]> {
  const outcomes: RuleOutcome[] = [];
  for (const rule of retentionRules) {
    const { rows } = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM (${rule.due(now)}) due`,
    );
    outcomes.push(describe(rule, rows[0]?.n ?? 0));
  }
  return outcomes;
}

/**
 * Applies every rule at `now`, each in its own transaction with its event-log row (a rule that runs a
 * use case, such as erasing files, logs its count once it is done).
 */
export async function applyRetention(
  db: Database,
  services: RetentionServices,
  now = new Date(),
  actor: Actor = systemActor('retention'),
): Promise<RuleOutcome[]> {
  const outcomes: RuleOutcome[] = [];
  for (const rule of retentionRules) {
    let count = 0;
    if (rule.run) {
      count = await rule.run(db, services, now);
      if (count > 0) await db.transaction((tx) => logRule(tx, actor, rule, count));
    } else if (rule.apply) {
      const apply = rule.apply;
      count = await db.transaction(async (tx) => {
        const result = await tx.execute<{ n?: number | string }>(apply(now));
        const n = result.rows[0]?.n !== undefined ? Number(result.rows[0].n) : (result.rowCount ?? 0);
        if (n > 0) await logRule(tx, actor, rule, n);
        return n;
      });
    } else {
      // People one by one, each erased in its own transaction (a failure leaves the others done).
      const { rows } = await db.execute<{ id: number }>(sql`${rule.due(now)} ORDER BY 1`);
      for (const { id } of rows) {
        await erasePerson(db, actor, {
          personId: id,
          reason: `Retention: no activity for ${INACTIVE_YEARS} years`,
        });
        count++;
      }
    }
    outcomes.push(describe(rule, count));
  }
  return outcomes;
}

const describe = (rule: RetentionRule, count: number): RuleOutcome => ({
  id: rule.id,
  record: rule.record,
  period: rule.period,
  action: rule.action,
  count,
});

const logRule = (tx: Executor, actor: Actor, rule: RetentionRule, count: number) =>
  recordEvent(tx, actor, {
    action: 'retention.applied',
    subjectType: 'retention_rule',
    subjectId: rule.id,
    changes: { [rule.action === 'delete' ? 'deleted' : 'cleared']: count },
  });
