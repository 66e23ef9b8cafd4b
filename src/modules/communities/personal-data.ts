import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { SectionSpec } from '../privacy/data-section.ts';
import { spaceTitleSql } from './spaces.ts';

/** What subject access shows of communities (privacy/person-references.ts): the messages they wrote, their guest places. */
export function communityDataSections(personId: number): SectionSpec[] {
  return [
    {
      key: 'communityMessages',
      title: 'Your messages in community spaces',
      purpose: 'What you wrote in the community spaces of your NCPs, your hub and your activities.',
      columns: [
        { key: 'space', label: 'Space' },
        { key: 'thread', label: 'Thread' },
        { key: 'body', label: 'Message' },
        { key: 'postedAt', label: 'Posted', kind: 'dateTime' },
        { key: 'deletedAt', label: 'Deleted', kind: 'dateTime' },
      ],
      query: sql`SELECT ${spaceTitleSql(sql`s.kind`, sql`s.ref_id`)} AS space, t.title AS thread, m.body,
          m.published_at AS "postedAt", m.deleted_at AS "deletedAt"
        FROM community_messages m JOIN community_threads t ON t.id = m.thread_id JOIN community_spaces s ON s.id = t.space_id
        WHERE m.author_person_id = ${personId} ORDER BY m.id`,
    },
    {
      key: 'communitySettings',
      title: 'Your community guest places and notification choices',
      purpose:
        'Spaces a lead added you to as a guest, and what you chose to be told of in spaces and threads.',
      columns: [
        { key: 'what', label: 'What' },
        { key: 'space', label: 'Space' },
      ],
      query: sql`SELECT 'Guest' AS what, ${spaceTitleSql(sql`s.kind`, sql`s.ref_id`)} AS space
          FROM community_guests g JOIN community_spaces s ON s.id = g.space_id WHERE g.person_id = ${personId}
        UNION ALL
        SELECT 'Notifications: ' || c.level, coalesce(${spaceTitleSql(sql`s.kind`, sql`s.ref_id`)}, 'A thread')
          FROM community_subscriptions c LEFT JOIN community_spaces s ON s.id = c.space_id WHERE c.person_id = ${personId}
        ORDER BY 1, 2`,
    },
  ];
}

/** Erasure: their messages stay in their threads as traces (replies refer to them); their words go. */
export async function eraseCommunityMessages(tx: Executor, personId: number): Promise<number> {
  const result = await tx.execute(
    sql`UPDATE community_messages SET body = '(erased)' WHERE author_person_id = ${personId} AND body <> ''`,
  );
  await tx.execute(sql`UPDATE community_threads SET title = '(erased)' WHERE author_person_id = ${personId}`);
  await tx.execute(sql`DELETE FROM community_guests WHERE person_id = ${personId}`);
  await tx.execute(sql`DELETE FROM community_subscriptions WHERE person_id = ${personId}`);
  return result.rowCount ?? 0;
}

/**
 * Merging person `from` into `to` (registration/merge-people.ts): `from`'s messages, threads, boosts,
 * reads, notification choices, mentions and guest places become `to`'s (one both held is kept once).
 */
export async function movePersonRecords(tx: Executor, from: number, to: number): Promise<void> {
  const move = async (table: string, column: string) =>
    tx.execute(
      sql`UPDATE ${sql.identifier(table)} SET ${sql.identifier(column)} = ${to} WHERE ${sql.identifier(column)} = ${from}`,
    );
  await move('community_messages', 'author_person_id');
  await move('community_messages', 'deleted_by_person_id');
  await move('community_threads', 'author_person_id');
  await move('community_threads', 'pinned_by_person_id');
  await move('community_threads', 'answered_by_person_id');
  await move('community_guests', 'added_by_person_id');
  await tx.execute(sql`DELETE FROM community_boosts b WHERE b.person_id = ${from} AND EXISTS (
    SELECT 1 FROM community_boosts k WHERE k.person_id = ${to} AND k.message_id = b.message_id)`);
  await move('community_boosts', 'person_id');
  await tx.execute(sql`DELETE FROM community_reads r WHERE r.person_id = ${from} AND EXISTS (
    SELECT 1 FROM community_reads k WHERE k.person_id = ${to} AND k.thread_id = r.thread_id)`);
  await move('community_reads', 'person_id');
  await tx.execute(sql`DELETE FROM community_subscriptions c WHERE c.person_id = ${from} AND EXISTS (
    SELECT 1 FROM community_subscriptions k WHERE k.person_id = ${to}
      AND k.space_id IS NOT DISTINCT FROM c.space_id AND k.thread_id IS NOT DISTINCT FROM c.thread_id)`);
  await move('community_subscriptions', 'person_id');
  await tx.execute(sql`DELETE FROM community_mentions m WHERE m.person_id = ${from} AND EXISTS (
    SELECT 1 FROM community_mentions k WHERE k.person_id = ${to} AND k.message_id = m.message_id)`);
  await move('community_mentions', 'person_id');
  await tx.execute(sql`DELETE FROM community_guests g WHERE g.person_id = ${from} AND EXISTS (
    SELECT 1 FROM community_guests k WHERE k.person_id = ${to} AND k.space_id = g.space_id)`);
  await move('community_guests', 'person_id');
}
