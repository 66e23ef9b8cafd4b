import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/** A question and its answers, as LLMEs ask and answer in a hub's community (synthetic). */
const conversations = [
  {
    title: 'Planning the spring lesson study',
    body: 'We are planning the spring lesson study for our Work Groups. Which year groups did you choose last time, and how long did you give the post-lesson discussion?',
    replies: [
      'We chose Year 3 and Year 5 and gave the discussion a full hour: it was the part participants valued most.',
      'Same here. **Book the release time early**: schools found the afternoon easier than the morning.',
    ],
  },
  {
    title: 'Sharing the termly impact evidence',
    body: 'How are you collecting pupil voice for the HAPPI impact section this term? A short form at the end of session 4 worked for us.',
    replies: [
      'We asked each participant to bring two pieces of pupil work to session 5 and talked them through.',
      'A short form for us too, then a summary in the community meeting.',
    ],
  },
];

/** The shared page each hub's LLME community keeps, as its first writer wrote it and as another member edited it. */
const sharedPage = {
  title: 'Our agreed approaches to lesson study',
  first: [
    'What we agreed at the autumn community meeting:',
    '',
    '- one **research lesson** per Work Group each term',
    '- the post-lesson discussion gets a full hour',
    '- pupil work is brought to the next session',
  ].join('\n'),
  edited: [
    'What we agreed at the autumn community meeting:',
    '',
    '- one **research lesson** per Work Group each term',
    '- the post-lesson discussion gets a full hour',
    '- pupil work is brought to the next session',
    '- release time is booked before the half term starts',
  ].join('\n'),
};

/**
 * The demonstration's conversations in each hub's LLME community space: a thread started by one of its
 * members (leads first, by the one rule `community_space_members`) and answered by two others, so that
 * the spaces have something to read on the day the demo is loaded, and a shared page with its history. Written as rows, as the rest of the
 * demonstration is (the demo's one event-log row stands for all of it), and posted now.
 */
export async function loadDemoCommunitySpaces(db: Executor): Promise<number> {
  const { rows } = await db.execute<{ hub_id: number; people: number[] }>(sql`
    SELECT h.id AS hub_id, array(
      SELECT m.person_id FROM community_space_members('hub', h.id) m
      ORDER BY m.is_lead DESC, m.person_id LIMIT 3) AS people
    FROM hubs h ORDER BY h.id`);
  let threads = 0;
  for (const [i, row] of rows.entries()) {
    if (row.people.length < 3) continue;
    const talk = conversations[i % conversations.length]!;
    const [asker, ...answerers] = row.people.map(Number);
    const { rows: space } = await db.execute<{ id: number }>(sql`
      INSERT INTO community_spaces (kind, ref_id, opened_by_person_id) VALUES ('hub', ${row.hub_id}, ${asker!})
      ON CONFLICT (kind, ref_id) DO UPDATE SET kind = EXCLUDED.kind RETURNING id`);
    const { rows: thread } = await db.execute<{ id: number }>(sql`
      INSERT INTO community_threads (space_id, title, author_person_id, published_at, last_message_at, reply_count)
      VALUES (${space[0]!.id}, ${talk.title}, ${asker!}, now(), now() + make_interval(mins => ${talk.replies.length}),
        ${talk.replies.length}) RETURNING id`);
    const messages = [
      { author: asker!, body: talk.body },
      ...talk.replies.map((body, j) => ({ author: answerers[j]!, body })),
    ];
    for (const [j, m] of messages.entries()) {
      await db.execute(sql`
        INSERT INTO community_messages (thread_id, author_person_id, body, created_at, published_at)
        VALUES (${thread[0]!.id}, ${m.author}, ${m.body}, now() + make_interval(mins => ${j}), now() + make_interval(mins => ${j}))`);
    }
    // The space's shared page, written by the asker and edited once by the first to answer.
    const { rows: page } = await db.execute<{ id: number }>(sql`
      INSERT INTO shared_pages (owner_kind, owner_id, title, created_by_person_id, created_at, version)
      VALUES ('community_space', ${String(space[0]!.id)}, ${sharedPage.title}, ${asker!}, now() - interval '14 days', 2)
      RETURNING id`);
    await db.execute(sql`
      INSERT INTO shared_page_revisions (page_id, number, body, edited_by_person_id, edited_at)
      VALUES (${page[0]!.id}, 1, ${sharedPage.first}, ${asker!}, now() - interval '14 days'),
             (${page[0]!.id}, 2, ${sharedPage.edited}, ${answerers[0]!}, now() - interval '3 days')`);
    threads++;
  }
  return threads;
}
