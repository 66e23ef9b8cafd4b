import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { messageContext, threadContext } from './messages.ts';
import { parseSpaceKey, spaceForMember } from './spaces.ts';

/**
 * The record rule of every communities route, in one place: the space, thread or message asked for,
 * with the person's membership; anything of a space they are not in (or that is not there) is "not found".
 */
export async function spaceByKey(db: Executor, key: string, personId: number) {
  return spaceForMember(db, parseSpaceKey(key), personId);
}

/** A thread the person may see: published, or a draft of their own. */
export async function threadForMember(db: Executor, threadId: number, personId: number) {
  const thread = await threadContext(db, threadId);
  if (!thread) throw new NotFoundError('There is no such thread');
  const space = await spaceForMember(db, thread.space, personId).catch(() => null);
  if (!space || (!thread.published && thread.authorPersonId !== personId))
    throw new NotFoundError('There is no such thread');
  return { thread, space };
}

/** A message the person may see: published, or their own. */
export async function messageForMember(db: Executor, messageId: number, personId: number) {
  const message = await messageContext(db, messageId);
  if (!message) throw new NotFoundError('There is no such message');
  const space = await spaceForMember(db, message.space, personId).catch(() => null);
  if (!space || (!message.published && message.authorPersonId !== personId))
    throw new NotFoundError('There is no such message');
  return { message, space };
}
