import { buildServices } from '../src/app.ts';
import { sendCommunityDigest } from '../src/modules/communities/digest.ts';
import { recountSpaces } from '../src/modules/communities/spaces.ts';
import { systemActor } from '../src/platform/audit.ts';
import { loadConfig } from '../src/platform/config.ts';
import { academicYearOf, todayInEngland } from '../src/platform/dates.ts';
import { benchDatabase, fmt, keptAndFreshServers, load } from './support.ts';

/**
 * Communities (issue 18): an NCP's space with 50,000 messages in 2,000 threads (one of them 500 replies
 * long), read by one of its members at 50 connections, every page made afresh (`PAGE_CACHE_MB=0`): the
 * space's front page, the long thread and a search, each against the bare primary-key route of the same
 * server process, the steps alternating. Then the 7am digest for 20,000 people (each a member of the
 * space, as guests) with the day's messages, timed end to end (one query, emails queued in batches).
 * `MH_BENCH_COMMUNITY_SCALE` (default 1) scales the messages and the people down for a busy machine.
 */
export async function benchCommunities(serverUrl: string): Promise<string[]> {
  const scale = Number(process.env.MH_BENCH_COMMUNITY_SCALE ?? 1);
  const THREADS = Math.round(2000 * scale);
  const MESSAGES = Math.round(50_000 * scale);
  const LONG = 500;
  const PEOPLE = Math.round(20_000 * scale);
  const name = `mh_bench_communities_${process.pid}`;
  const database = await benchDatabase(serverUrl, name);
  try {
    const q = (text: string, values: unknown[] = []) => database.pool.query(text, values);
    const year = academicYearOf(todayInEngland());
    const [start] = year.split('/');
    await q(`INSERT INTO academic_years (code, starts_on, ends_on) VALUES ($1, $2, $3)`, [
      year,
      `${start}-09-01`,
      `${Number(start) + 1}-08-31`,
    ]);
    await q(
      `INSERT INTO hubs (slug, name) SELECT 'hub-' || h, 'Bench Maths Hub ' || h FROM generate_series(1, 40) h`,
    );
    await q(
      `INSERT INTO ncps (year_code, code, title, phases, type)
             VALUES ($1, 'NCP23-09', 'Primary TfM Development Work Groups', ARRAY['primary'], 'work_group')`,
      [year],
    );
    // 200 LLMEs leading a Work Group each under the NCP: the space's members who write.
    await q(`INSERT INTO people (email, given_name, family_name)
             SELECT 'llme' || p || '@bench.example', 'Lead', 'Number ' || p FROM generate_series(1, 200) p ORDER BY p`);
    await q(
      `INSERT INTO hub_activities (hub_id, ncp_id, year_code, kind, title, status)
             SELECT 1 + (a % 40), (SELECT id FROM ncps), $1, 'work_group', 'Work Group ' || a, 'running'
             FROM generate_series(1, 200) a ORDER BY a`,
      [year],
    );
    await q(
      `INSERT INTO activity_leads (activity_id, person_id, title) SELECT a.id, a.id, 'Work Group Lead' FROM hub_activities a`,
    );
    await q(`INSERT INTO community_spaces (kind, ref_id) SELECT 'ncp', id FROM ncps`);
    const words = `(ARRAY['reasoning','fluency','number','fractions','variation','representation','bar model','times tables','place value','problem solving'])`;
    await q(`INSERT INTO community_threads (space_id, title, author_person_id, created_at, published_at)
             SELECT 1, 'Thread ' || t || ': ' || ${words}[1 + t % 10], 1 + t % 200, now() - interval '30 days', now() - interval '30 days'
             FROM generate_series(1, ${THREADS}) t ORDER BY t`);
    // The first thread: its question and 500 replies; the rest shared by the other threads.
    await q(`INSERT INTO community_messages (thread_id, author_person_id, body, created_at, published_at)
             SELECT CASE WHEN m <= ${LONG + 1} THEN 1 ELSE 2 + (m % (${THREADS} - 1)) END, 1 + m % 200,
               'We tried ' || ${words}[1 + m % 10] || ' with ' || ${words}[1 + (m / 10) % 10] || ' in Year ' || (1 + m % 6)
                 || '. The children explained their thinking with a ' || ${words}[1 + (m / 100) % 10] || ' first, then wrote it down. Message ' || m || '.',
               now() - interval '30 days' + m * interval '40 seconds', now() - interval '30 days' + m * interval '40 seconds'
             FROM generate_series(1, ${MESSAGES}) m ORDER BY m`);
    // The day's messages, for the digest: the last 20 posted in the last 24 hours.
    await q(`UPDATE community_messages SET published_at = now() - ((SELECT max(id) FROM community_messages) - id + 1) * interval '1 minute'
             WHERE id > (SELECT max(id) - 20 FROM community_messages)`);
    await q(`UPDATE community_threads t SET last_message_at = s.last, reply_count = s.n - 1
             FROM (SELECT thread_id, max(published_at) AS last, count(*) AS n FROM community_messages GROUP BY thread_id) s
             WHERE t.id = s.thread_id`);
    // 20,000 people in the space (as guests, so that the digest has them all to write to).
    await q(`INSERT INTO people (email, given_name, family_name)
             SELECT 'member' || p || '@bench.example', 'Member', 'Number ' || p FROM generate_series(1, ${PEOPLE}) p ORDER BY p`);
    await q(
      `INSERT INTO community_guests (space_id, person_id) SELECT 1, id FROM people WHERE email LIKE 'member%'`,
    );
    await q(
      'VACUUM ANALYZE community_messages, community_threads, community_guests, people, activity_leads, hub_activities',
    );
    // The space's number of members counted and kept, as the community-member-counts job does within a
    // minute of the writes that marked it.
    await recountSpaces(database.db);
    const counts = (
      await q(`SELECT (SELECT count(*)::int FROM community_messages) AS messages,
        (SELECT count(*)::int FROM community_threads) AS threads,
        (SELECT count(*)::int FROM community_messages WHERE thread_id = 1) - 1 AS replies`)
    ).rows[0] as { messages: number; threads: number; replies: number };

    const { stop, ...servers } = await keptAndFreshServers(serverUrl, name, { BENCH_PERSON_ID: '1' });
    const fresh = servers.fresh;
    let pkMean = 0;
    const results: Record<string, { rps: number[]; p99: number[] }> = {};
    let failures = 0;
    try {
      const steps: Record<string, string[]> = {
        pk: Array.from({ length: 100 }, (_, i) => `/bench/pk/${100000 + i}`),
        front: ['/communities/spaces/ncp-1'],
        // The members' page (20,200 members, 100 a page): the first and the last page by name, by role.
        members: [
          '/communities/spaces/ncp-1/members',
          `/communities/spaces/ncp-1/members?sort=name&order=asc&page=${Math.ceil((PEOPLE + 200) / 100)}`,
          '/communities/spaces/ncp-1/members?sort=role&order=desc',
        ],
        thread: ['/communities/threads/1'],
        search: ['reasoning', 'fractions', 'bar model', 'place value', 'variation'].map(
          (w) => `/communities/search?q=${encodeURIComponent(w)}`,
        ),
      };
      for (const paths of Object.values(steps)) await load(fresh.base, paths, 10, 2, fresh.headers);
      for (let round = 0; round < 2; round++) {
        for (const [key, paths] of Object.entries(steps)) {
          const r = await load(fresh.base, paths, 50, 5, fresh.headers);
          results[key] ??= { rps: [], p99: [] };
          results[key].rps.push(r.rps);
          results[key].p99.push(r.p99);
          failures += r.errors + r.non2xx;
        }
      }
    } finally {
      await stop();
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    pkMean = mean(results.pk!.rps);
    const ratio = (key: string) => mean(results[key]!.rps) / pkMean;
    const row = (label: string, key: string) =>
      `| ${label} | ${fmt(mean(results[key]!.rps), 0)} | ${fmt(Math.max(...results[key]!.p99), 0)} | ${fmt(ratio(key))} |`;

    // The digest for everyone, as the 7am job runs it (the mail kept in the outbox: no SMTP here).
    const services = buildServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), database.db);
    const started = performance.now();
    const { people } = await sendCommunityDigest(database.db, systemActor('bench'), services);
    const digestSeconds = (performance.now() - started) / 1000;
    // The members' page is listed for its cost, not held to the limit: people open it now and then.
    const met = ['front', 'thread', 'search'].every((k) => ratio(k) >= 0.3);
    return [
      `### Communities: an NCP's space of ${fmt(counts.messages, 0)} messages in ${fmt(counts.threads, 0)} threads (one of ${fmt(counts.replies, 0)} replies), at 50 connections, every page made afresh${scale === 1 ? '' : ` (scaled by ${scale})`}`,
      '',
      '| route | requests/s | p99 latency (ms) | ratio to the primary-key route |',
      '|---|---:|---:|---:|',
      `| bare primary-key query (baseline) | ${fmt(pkMean, 0)} | ${fmt(Math.max(...results.pk!.p99), 0)} | 1 |`,
      row(
        "`GET /communities/spaces/:space` (the space's front page: pinned, 25 threads, unread markers, the number of members)",
        'front',
      ),
      row(
        '`GET /communities/spaces/:space/members` (100 of the 20,200 members: the first and last pages by name, the first by role)',
        'members',
      ),
      row('`GET /communities/threads/:threadId` (the 500-reply thread, its first 100 messages)', 'thread'),
      row('`GET /communities/search?q=` (full-text search of the member’s spaces)', 'search'),
      '',
      `Limit: each at least 0.3 of the primary-key route (issue 18). ${met ? 'Met.' : 'NOT MET.'}${failures ? ` ${failures} failed requests.` : ''}`,
      '',
      `The 7am digest: ${fmt(people, 0)} people (${fmt(PEOPLE, 0)} in the space), 20 new messages each, in ${fmt(digestSeconds, 1)} s (one query, emails queued 1,000 to a transaction). Limit: under a minute for 20,000 people. ${digestSeconds < 60 ? 'Met.' : 'NOT MET.'}`,
      '',
    ];
  } finally {
    await database.drop();
  }
}
