import { sql } from 'drizzle-orm';
import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/database.ts';
import type { Mailer } from '../../platform/mail.ts';
import { paths } from '../../platform/paths.ts';
import { spaceTitleSql } from './spaces.ts';

/** What telling people of their mentions needs from the services. */
export interface MentionServices {
  mailer: Mailer;
  config: Pick<Config, 'PUBLIC_URL'>;
}

/** The email telling someone they were mentioned (plain text, like every email of the platform). */
export function mentionMail(
  r: {
    given_name: string;
    author: string;
    space_title: string;
    thread_id: number;
    title: string;
    body: string;
  },
  publicUrl: string,
  messageId: number,
): { subject: string; text: string } {
  const excerpt = r.body.replace(/\s+/g, ' ').trim();
  return {
    subject: `${r.author} mentioned you in “${r.title}”`,
    text: [
      `Dear ${r.given_name},`,
      '',
      `${r.author} mentioned you in ${r.space_title}, in the thread “${r.title}”:`,
      '',
      `  ${excerpt.length > 300 ? `${excerpt.slice(0, 297)}…` : excerpt}`,
      '',
      `Read it and reply: ${publicUrl}${paths.communities.thread(r.thread_id)}#message-${messageId}`,
      '',
      'You are told of mentions as they happen in the spaces and threads where you chose every message or mentions of you. You can choose Nothing on the space’s or the thread’s page.',
    ].join('\n'),
  };
}

/**
 * Queues, in the caller's transaction, an email to each person these messages (just published)
 * mention, if they are still in the space and their level for the thread (or else the space) is "all"
 * or "mentions" ("none": nothing). Their own mentions of themselves, deleted and unpublished messages
 * never count. Each mention emailed is marked (`emailed_at`) so that the digest leaves its message out
 * and a later edit of the message does not tell them again; a mention an edit adds is told then.
 * The caller kicks the mailer after commit. Returns how many emails were queued.
 */
export async function queueMentionMails(
  tx: Executor,
  services: MentionServices,
  messageIds: number[],
): Promise<number> {
  if (!messageIds.length) return 0;
  const ids = sql.join(
    messageIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const { rows } = await tx.execute<{
    message_id: number;
    person_id: number;
    email: string;
    given_name: string;
    author: string;
    space_title: string;
    thread_id: number;
    title: string;
    body: string;
  }>(sql`
    SELECT m.id AS message_id, p.id AS person_id, p.email, p.given_name, a.given_name || ' ' || a.family_name AS author,
      ${spaceTitleSql(sql`s.kind`, sql`s.ref_id`)} AS space_title, t.id AS thread_id, t.title, left(m.body, 400) AS body
    FROM community_mentions mm
    JOIN community_messages m ON m.id = mm.message_id
    JOIN community_threads t ON t.id = m.thread_id
    JOIN community_spaces s ON s.id = t.space_id
    JOIN people p ON p.id = mm.person_id
    JOIN people a ON a.id = m.author_person_id
    LEFT JOIN community_subscriptions ts ON ts.person_id = mm.person_id AND ts.thread_id = m.thread_id
    LEFT JOIN community_subscriptions ss ON ss.person_id = mm.person_id AND ss.space_id = t.space_id
    WHERE mm.message_id IN (${ids}) AND m.published_at IS NOT NULL AND m.deleted_at IS NULL
      AND mm.person_id <> m.author_person_id AND mm.emailed_at IS NULL
      AND coalesce(ts.level, ss.level, 'all') IN ('all', 'mentions')
      AND EXISTS (SELECT 1 FROM community_space_members(s.kind, s.ref_id) mem WHERE mem.person_id = mm.person_id)
    ORDER BY m.id, p.id`);
  for (const r of rows) {
    await services.mailer.queue(tx, {
      to: r.email,
      ...mentionMail(r, services.config.PUBLIC_URL, r.message_id),
    });
    // Remembered on the mention, so that the next digest does not tell them of this message again.
    await tx.execute(sql`
      UPDATE community_mentions SET emailed_at = now()
      WHERE message_id = ${r.message_id} AND person_id = ${r.person_id}`);
  }
  return rows.length;
}
