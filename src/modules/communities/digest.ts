import { sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/database.ts';
import type { Mailer } from '../../platform/mail.ts';
import { paths } from '../../platform/paths.ts';
import { spaceTitleSql } from './spaces.ts';

/** At most this many messages are written out in one person's digest (the rest are counted). */
export const DIGEST_ITEMS = 30;
/** Emails are queued this many to a transaction. */
const BATCH = 1000;

interface DigestItem {
  space: string;
  threadId: number;
  thread: string;
  author: string;
  excerpt: string;
}

/** The digest's email to one person (plain text, like every email of the platform). */
export function digestMail(
  name: string,
  items: DigestItem[],
  publicUrl: string,
): { subject: string; text: string } {
  const shown = items.slice(0, DIGEST_ITEMS);
  const lines: string[] = [`Dear ${name},`, '', 'New in your community spaces since yesterday morning:', ''];
  let space = '';
  let thread = -1;
  for (const item of shown) {
    if (item.space !== space) {
      space = item.space;
      thread = -1;
      lines.push(item.space, '');
    }
    if (item.threadId !== thread) {
      thread = item.threadId;
      lines.push(`  ${item.thread}`, `  ${publicUrl}${paths.communities.thread(item.threadId)}`);
    }
    const excerpt = item.excerpt.replace(/\s+/g, ' ').trim();
    lines.push(`    ${item.author}: ${excerpt.length > 160 ? `${excerpt.slice(0, 157)}…` : excerpt}`);
  }
  if (items.length > shown.length) lines.push('', `And ${items.length - shown.length} more messages.`);
  lines.push(
    '',
    `What is new across your spaces: ${publicUrl}${paths.communities.whatsNew}`,
    'You can choose what you are told of in each space and thread (every message, mentions of you, or nothing).',
  );
  const count = items.length;
  return {
    subject: `Your communities: ${count} new ${count === 1 ? 'message' : 'messages'}`,
    text: lines.join('\n'),
  };
}

/**
 * The daily digest (7am in England): one email to each person with what was posted in their spaces
 * since the last digest, by their notification levels (a thread's level wins over its space's;
 * "mentions" keeps the messages that mention them; their own messages and boosts never count, nor a
 * message a mention email already brought them: they are not told twice). One
 * set-based query finds every person's messages; the emails go to the outbox in batches. A day's
 * digest runs once (`community_digest_runs`).
 */
export async function sendCommunityDigest(
  db: Executor,
  actor: Actor,
  services: { mailer: Mailer; config: Pick<Config, 'PUBLIC_URL'> },
  options: { now?: Date } = {},
): Promise<{ people: number }> {
  const now = options.now ?? new Date();
  const window = await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ day: string; window_from: string; window_to: string }>(sql`
      INSERT INTO community_digest_runs (day, window_from, window_to)
      SELECT (${now.toISOString()}::timestamptz AT TIME ZONE 'Europe/London')::date,
        coalesce((SELECT max(window_to) FROM community_digest_runs), ${now.toISOString()}::timestamptz - interval '24 hours'),
        ${now.toISOString()}::timestamptz
      ON CONFLICT (day) DO NOTHING
      RETURNING day, window_from, window_to`);
    return rows[0] ?? null;
  });
  if (!window) return { people: 0 };
  const { rows } = await db.execute<{ email: string; given_name: string; items: DigestItem[] }>(sql`
    WITH msgs AS (
      SELECT m.id, m.thread_id, m.author_person_id, m.body, t.space_id, t.title, s.kind, s.ref_id
      FROM community_messages m
      JOIN community_threads t ON t.id = m.thread_id
      JOIN community_spaces s ON s.id = t.space_id
      WHERE m.published_at >= ${window.window_from}::timestamptz AND m.published_at < ${window.window_to}::timestamptz
        AND m.deleted_at IS NULL
    ), spaces AS (
      SELECT DISTINCT space_id, kind, ref_id, ${spaceTitleSql(sql`kind`, sql`ref_id`)} AS space_title FROM msgs
    ), recipients AS (
      SELECT sp.space_id, sp.space_title, mem.person_id
      FROM spaces sp CROSS JOIN LATERAL community_space_members(sp.kind, sp.ref_id) mem
    ), items AS (
      SELECT r.person_id, r.space_title, m.thread_id, m.title, m.id, m.body, m.author_person_id
      FROM recipients r
      JOIN msgs m ON m.space_id = r.space_id AND m.author_person_id <> r.person_id
      LEFT JOIN community_subscriptions ts ON ts.person_id = r.person_id AND ts.thread_id = m.thread_id
      LEFT JOIN community_subscriptions ss ON ss.person_id = r.person_id AND ss.space_id = m.space_id
      WHERE NOT EXISTS (SELECT 1 FROM community_mentions me
          WHERE me.message_id = m.id AND me.person_id = r.person_id AND me.emailed_at IS NOT NULL)
        AND CASE coalesce(ts.level, ss.level, 'all')
        WHEN 'all' THEN true
        WHEN 'mentions' THEN EXISTS (SELECT 1 FROM community_mentions mm WHERE mm.message_id = m.id AND mm.person_id = r.person_id)
        ELSE false END
    )
    SELECT p.email, p.given_name,
      json_agg(json_build_object('space', i.space_title, 'threadId', i.thread_id, 'thread', i.title,
        'author', a.given_name || ' ' || a.family_name, 'excerpt', left(i.body, 200))
        ORDER BY i.space_title, i.thread_id, i.id) AS items
    FROM items i JOIN people p ON p.id = i.person_id JOIN people a ON a.id = i.author_person_id
    GROUP BY p.id, p.email, p.given_name
    ORDER BY p.id`);
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    await db.transaction(async (tx) => {
      for (const r of batch)
        await services.mailer.queue(tx, {
          to: r.email,
          ...digestMail(r.given_name, r.items, services.config.PUBLIC_URL),
        });
    });
  }
  await db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE community_digest_runs SET people = ${rows.length} WHERE day = ${window.day}`);
    await recordEvent(tx, actor, {
      action: 'community_digest.sent',
      subjectType: 'community_digest',
      subjectId: window.day,
      hubId: null,
      changes: { people: rows.length },
    });
  });
  if (rows.length) services.mailer.kick();
  return { people: rows.length };
}
