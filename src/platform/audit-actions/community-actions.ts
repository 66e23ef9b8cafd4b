import { define, type LoggedRow, personRef } from '../audit-vocabulary.ts';

interface SpaceLogged {
  kind: string;
  refId: number;
}
interface ThreadLogged {
  threadId: number;
}

const levelNames: Record<string, string> = {
  all: 'every message',
  mentions: 'mentions of them only',
  none: 'nothing',
};

/** The event log's actions for communities (issue 18): spaces, threads, messages, notifications, the digest. */
export const communityActions = {
  'community_space.opened': define(
    'community_space',
    'Communities: activity space opened',
    (r: LoggedRow<SpaceLogged>) => [r.actor, ' opened a community space for an activity they lead'],
  ),
  'community_space.guest_added': define(
    'community_space',
    'Communities: guest added',
    (r: LoggedRow<{ personId: number }>) => [
      r.actor,
      ' added ',
      personRef(r.changes.personId),
      ' to a community space as a guest',
    ],
  ),
  'community_space.guest_removed': define(
    'community_space',
    'Communities: guest removed',
    (r: LoggedRow<{ personId: number }>) => [
      r.actor,
      ' removed ',
      personRef(r.changes.personId),
      ' from a community space’s guests',
    ],
  ),
  'community_thread.started': define(
    'community_thread',
    'Communities: thread started',
    (r: LoggedRow<{ spaceId: number; messageId: number; when: string }>) => [
      r.actor,
      r.changes.when === 'draft'
        ? ' drafted a new thread in a community space'
        : r.changes.when === 'morning'
          ? ' started a thread in a community space, to be posted at 8am'
          : ' started a thread in a community space',
    ],
  ),
  'community_message.posted': define(
    'community_message',
    'Communities: reply posted',
    (r: LoggedRow<ThreadLogged & { when: string }>) => [
      r.actor,
      r.changes.when === 'draft'
        ? ' drafted a reply in a community thread'
        : r.changes.when === 'morning'
          ? ' wrote a reply in a community thread, to be posted at 8am'
          : ' replied in a community thread',
    ],
  ),
  'community_message.published': define(
    'community_message',
    'Communities: message posted from draft or schedule',
    (r: LoggedRow<ThreadLogged>) => [r.actor, ' posted a message that was waiting (a draft or for 8am)'],
  ),
  'community_message.edited': define(
    'community_message',
    'Communities: message edited',
    (r: LoggedRow<ThreadLogged>) => [r.actor, ' edited their message in a community thread'],
  ),
  'community_message.deleted': define(
    'community_message',
    'Communities: message deleted',
    (r: LoggedRow<ThreadLogged & { authorPersonId: number }>) => [
      r.actor,
      ' deleted a message by ',
      personRef(r.changes.authorPersonId),
      ' in a community thread',
    ],
  ),
  'community_message.boosted': define(
    'community_message',
    'Communities: message boosted',
    (r: LoggedRow<ThreadLogged>) => [r.actor, ' boosted a message in a community thread'],
  ),
  'community_message.unboosted': define(
    'community_message',
    'Communities: boost taken back',
    (r: LoggedRow<ThreadLogged>) => [r.actor, ' took back their boost of a message in a community thread'],
  ),
  'community_thread.pinned': define(
    'community_thread',
    'Communities: thread pinned',
    (r: LoggedRow<Record<string, never>>) => [r.actor, ' pinned a thread to the top of its community space'],
  ),
  'community_thread.unpinned': define(
    'community_thread',
    'Communities: thread unpinned',
    (r: LoggedRow<Record<string, never>>) => [r.actor, ' unpinned a thread of a community space'],
  ),
  'community_thread.answered': define(
    'community_thread',
    'Communities: answer marked',
    (r: LoggedRow<{ messageId: number }>) => [r.actor, ' marked a reply as the answer to a community thread'],
  ),
  'community_thread.answer_unmarked': define(
    'community_thread',
    'Communities: answer unmarked',
    (r: LoggedRow<{ messageId: number }>) => [
      r.actor,
      ' took the answer mark off a reply in a community thread',
    ],
  ),
  'community_thread.read': define(
    'community_thread',
    'Communities: thread marked as read',
    (r: LoggedRow<Record<string, never>>) => [r.actor, ' marked a community thread as read'],
  ),
  'community_subscription.changed': define(
    'community_space',
    'Communities: notifications changed',
    (r: LoggedRow<{ threadId: number | null; level: string }>) => [
      r.actor,
      ' chose to be told of ',
      levelNames[String(r.changes.level)] ?? 'messages',
      r.changes.threadId ? ' in a community thread' : ' in a community space',
    ],
  ),
  'community_digest.sent': define(
    'community_digest',
    'Communities: daily digest sent',
    (r: LoggedRow<{ people: number }>) => [
      r.actor,
      ` sent the communities’ daily digest to ${Number(r.changes.people ?? 0)} people`,
    ],
  ),
};
